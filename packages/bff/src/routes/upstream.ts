/**
 * One upstream call from a route: the connector's call policy (connectors/shared/call-policy.ts)
 * bounds it (deadline, bulkhead, circuit breaker); this maps a failure to 502/503/504 with a
 * generic body. The private message is only logged.
 *
 * A client that goes away does NOT cancel the call (docs/security.md A-04): the attempt or send
 * may already have reached the upstream, so it runs to its answer or the policy's deadline and its
 * real outcome is recorded (throttle counters, audit). Otherwise closing the socket right after
 * the BFF forwarded a request would give the throttle point back to the client.
 */
import type Koa from 'koa';
import { UpstreamError, type CallContext, type ConnectorState } from '../connectors/connector.js';
import { classifyOutcome } from '../connectors/shared/call-policy.js';
import { AuthError } from '../errors.js';
import { observeUpstream } from '../http/observe.js';
import { audit } from '../log/audit.js';
import { requestState, type ConnectorBinding } from '../runtime.js';

const PUBLIC_CODE = {
  unavailable: 'upstream_unavailable',
  timeout: 'upstream_timeout',
  bad_response: 'upstream_error',
} as const;

/** True when the failure provably never reached the upstream (the only case a throttle point is given back). */
export function neverSent(error: unknown): boolean {
  const cause = error instanceof AuthError ? error.cause : error;
  return cause instanceof UpstreamError && cause.notSent;
}

export async function callUpstream<T>(
  ctx: Koa.Context,
  binding: ConnectorBinding,
  method: string,
  call: (context: CallContext) => Promise<T>,
  state?: ConnectorState,
): Promise<T> {
  call = observeUpstream(ctx, binding, method, call); // metrics + trace span (http/observe.ts)
  // Never aborted: the deadline is the call policy's own (one per call: the policy listens on it).
  const signal = new AbortController().signal;
  try {
    const clientIp = requestState(ctx).ip || undefined;
    return await call({ signal, ...(clientIp ? { clientIp } : {}), ...(state ? { state } : {}) });
  } catch (error) {
    const kind = classifyOutcome(error, signal).kind ?? 'bad_response';
    const { log, ip } = requestState(ctx);
    audit(log, 'upstream.error', { method, connector: binding.name, ip, reason: kind });
    log.warn(
      { connector: binding.name, kind, detail: error instanceof Error ? error.message : 'non-error thrown' },
      'upstream call failed',
    );
    throw new AuthError(PUBLIC_CODE[kind], { cause: error });
  }
}
