/**
 * One upstream call, bounded: the connector gets an AbortSignal that fires after its `timeout`
 * (or when the client goes away), and the call is RACED against that signal, so the API answers
 * 504 in time even if a connector ignores the signal (connector.ts rule 3; SECURITY.md F-04).
 * Upstream faults map to 502/503/504 with a generic body; the private message is only logged.
 */
import type Koa from 'koa';
import { UpstreamError, type CallContext, type ConnectorState } from '../connectors/connector.js';
import { AuthError } from '../errors.js';
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
  const controller = new AbortController();
  // The reason tells a timeout (counts against the upstream's circuit breaker) from a client that
  // went away (AbortError: says nothing about the upstream's health).
  const timer = setTimeout(
    () => controller.abort(new DOMException('upstream call timed out', 'TimeoutError')),
    binding.timeout,
  );
  const onClientGone = () => controller.abort();
  ctx.res.once('close', onClientGone);
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener(
      'abort',
      () => reject(new UpstreamError('timeout', `no answer within ${binding.timeout} ms`)),
      { once: true },
    );
  });
  try {
    const pending = Promise.resolve().then(() =>
      call({ signal: controller.signal, clientIp: requestState(ctx).ip || undefined, ...(state ? { state } : {}) }),
    );
    // Whichever loses the race must not become an unhandled rejection.
    pending.catch(() => undefined);
    aborted.catch(() => undefined);
    return await Promise.race([pending, aborted]);
  } catch (error) {
    const kind = error instanceof UpstreamError ? error.kind : 'bad_response';
    const { log, ip } = requestState(ctx);
    audit(log, 'upstream.error', { method, connector: binding.name, ip, reason: kind });
    log.warn(
      { connector: binding.name, kind, detail: error instanceof Error ? error.message : 'non-error thrown' },
      'upstream call failed',
    );
    throw new AuthError(PUBLIC_CODE[kind], { cause: error });
  } finally {
    clearTimeout(timer);
    ctx.res.off('close', onClientGone);
  }
}
