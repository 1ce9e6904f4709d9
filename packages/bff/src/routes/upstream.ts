/**
 * One upstream call from a route: the connector's call policy (connectors/shared/call-policy.ts)
 * bounds it (deadline, bulkhead, circuit breaker); this only tells it when the client goes away,
 * and maps a failure to 502/503/504 with a generic body. The private message is only logged.
 */
import type Koa from 'koa';
import type { CallContext, ConnectorState } from '../connectors/connector.js';
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

export async function callUpstream<T>(
  ctx: Koa.Context,
  binding: ConnectorBinding,
  method: string,
  call: (context: CallContext) => Promise<T>,
  state?: ConnectorState,
): Promise<T> {
  call = observeUpstream(ctx, binding, method, call); // metrics + trace span (http/observe.ts)
  // Aborted without a reason (AbortError) when the client goes away: the policy tells that from
  // its own deadline, and it does not count against the upstream.
  const client = new AbortController();
  const onClientGone = () => client.abort();
  ctx.res.once('close', onClientGone);
  try {
    const clientIp = requestState(ctx).ip || undefined;
    return await call({ signal: client.signal, ...(clientIp ? { clientIp } : {}), ...(state ? { state } : {}) });
  } catch (error) {
    const kind = classifyOutcome(error, client.signal).kind ?? 'bad_response';
    const { log, ip } = requestState(ctx);
    audit(log, 'upstream.error', { method, connector: binding.name, ip, reason: kind });
    log.warn(
      { connector: binding.name, kind, detail: error instanceof Error ? error.message : 'non-error thrown' },
      'upstream call failed',
    );
    throw new AuthError(PUBLIC_CODE[kind], { cause: error });
  } finally {
    ctx.res.off('close', onClientGone);
  }
}
