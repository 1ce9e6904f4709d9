/**
 * First middleware: a request id (returned as X-Request-Id, in every log line of the request),
 * the client IP, a child logger, and one access-log line at the end. Only the path is logged:
 * never the query string, headers, cookies or body.
 *
 * Cost (bench/http.mjs): the child logger is made only when something other than the access
 * line logs (most requests log nothing else), and the access line carries `reqId` itself, so a
 * plain request pays for one pino line (one redaction pass), not a child's bindings as well.
 * The line is the same JSON either way: `reqId` right after the base fields.
 */
import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { requestStarted } from '../log/audit-envelope.js';
import type { RequestState } from '../runtime.js';
import { clientIp } from '../security/client-ip.js';
import type { RequestObserver } from './observe.js';

export function requestContext(logger: Logger, trustProxy: boolean): Koa.Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    const ip = clientIp(ctx.req, trustProxy);
    const traceId = (ctx.state.observe as RequestObserver | undefined)?.trace?.traceId; // tracing on (observe.ts)
    let log: Logger | undefined;
    const state = ctx.state as RequestState;
    state.requestId = requestId;
    state.ip = ip;
    Object.defineProperty(state, 'log', {
      get: () => {
        if (!log)
          requestStarted((log = logger.child(traceId ? { reqId: requestId, traceId } : { reqId: requestId })), started);
        return log;
      },
      enumerable: true,
      configurable: true,
    });
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      logger.info(
        {
          reqId: requestId,
          ...(traceId ? { traceId } : {}),
          method: ctx.method,
          path: ctx.path.slice(0, 256),
          status: ctx.status,
          ms: Math.round(performance.now() - started),
          ip,
        },
        'request',
      );
    }
  };
}
