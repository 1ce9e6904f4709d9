/**
 * The one error handler, first in the chain (docs/development.md "Code style": the `expose` decision made in one place).
 * An AuthError becomes its status + `{error: {code, message}}` + headers; anything else is a
 * generic 500 (or the matching public code for Koa's own HTTP errors). Causes, stacks and
 * upstream text go to the log only (docs/security.md G-01).
 */
import type Koa from 'koa';
import { AuthError, type ErrorCode } from '../errors.js';
import { requestState } from '../runtime.js';

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const status = (error as { status?: unknown })?.status;
  const code = typeof status === 'number' ? BY_STATUS[status] : undefined;
  return new AuthError(code ?? 'internal_error', { cause: error });
}

export function errorHandler(): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (thrown) {
      const error = toAuthError(thrown);
      const { log } = requestState(ctx);
      // Upstream faults were logged where they happened (routes/upstream.ts), without a stack.
      if (error.code.startsWith('upstream_')) log.info({ errorCode: error.code }, 'request failed upstream');
      else if (error.status >= 500) log.error({ errorCode: error.code, err: error.cause ?? thrown }, 'request failed');
      else log.info({ errorCode: error.code }, 'request refused');
      ctx.status = error.status;
      for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
      ctx.body = error.toJSON();
    }
  };
}
