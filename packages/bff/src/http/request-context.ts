/**
 * First middleware: a request id (returned as X-Request-Id, in every log line of the request),
 * the client IP, a child logger, and one access-log line at the end. Only the path is logged:
 * never the query string, headers, cookies or body.
 */
import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { RequestState } from '../runtime.js';
import { clientIp } from '../security/client-ip.js';

export function requestContext(logger: Logger, trustProxy: boolean): Koa.Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    const ip = clientIp(ctx.req, trustProxy);
    const state: RequestState = { requestId, ip, log: logger.child({ reqId: requestId }) };
    Object.assign(ctx.state, state);
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      state.log.info(
        { method: ctx.method, path: ctx.path.slice(0, 256), status: ctx.status, ms: Math.round(performance.now() - started), ip },
        'request',
      );
    }
  };
}
