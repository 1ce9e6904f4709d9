/**
 * `withResilience(connector)`: the same Connector, with every upstream call passing through a
 * per-connector bulkhead (bounded concurrency + queue) and circuit breaker (see
 * circuit-breaker.ts). Applied ONCE, where the BFF builds its connectors, so every connector type
 * gets it without knowing. Timeouts stay the connector's own job (connector.ts rule 3).
 *
 * Order: bulkhead outside, breaker inside — a call refused because the queue is full says nothing
 * about the upstream's health, so it must not count as an upstream failure.
 * No retries, by design (a sign-in is not idempotent against the upstream's lockout counter).
 */
import type { CallContext, Connector, ConnectorLogger, ConnectorState } from '../connector.js';
import { Bulkhead, CircuitBreaker, type BulkheadOptions, type CircuitBreakerOptions } from './circuit-breaker.js';

export interface ResilienceOptions {
  breaker?: Omit<CircuitBreakerOptions, 'onStateChange'>;
  bulkhead?: BulkheadOptions;
}

/** The resolved guards, exposed for /readyz, tests and metrics. */
export interface ResilientConnector extends Connector {
  readonly breaker: CircuitBreaker;
  readonly bulkhead: Bulkhead;
}

const CALLS = ['password', 'sendPhoneCode', 'phone', 'sendOtpCode', 'otp', 'token'] as const;

export function withResilience(
  name: string,
  connector: Connector,
  logger: ConnectorLogger,
  options: ResilienceOptions = {},
): ResilientConnector {
  const breaker = new CircuitBreaker({
    ...options.breaker,
    onStateChange: (state, previous) => {
      const entry = { event: 'circuit', connector: name, type: connector.type, state, previous };
      if (state === 'open') logger.warn(entry, `upstream circuit for connector ${name} is open: failing fast with 503`);
      else logger.info(entry, `upstream circuit for connector ${name} is ${state}`);
    },
  });
  const bulkhead = new Bulkhead(options.bulkhead);
  // A call cut short because the CLIENT went away (signal aborted, reason not a TimeoutError) says
  // nothing about the upstream: it must not count towards opening the circuit.
  const upstreamsFault = (ctx: CallContext) => () =>
    !(ctx.signal.aborted && (ctx.signal.reason as { name?: string } | undefined)?.name !== 'TimeoutError');
  const guard = <T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> =>
    bulkhead.run(() => breaker.run(fn, upstreamsFault(ctx)), ctx.signal);

  const wrapped: ResilientConnector = {
    type: connector.type,
    ...(connector.hints ? { hints: connector.hints } : {}),
    breaker,
    bulkhead,
    // readyz asks the breaker too: an open circuit means "not ready", without probing the upstream.
    ready: (ctx) => guard(ctx, () => connector.ready(ctx)),
    close: () => connector.close(),
  };
  for (const call of CALLS) {
    const method = connector[call];
    if (typeof method !== 'function') continue;
    // Each optional method has its own input type; the call is forwarded unchanged.
    const forward = method.bind(connector) as (input: unknown, ctx: CallContext) => Promise<never>;
    (wrapped as unknown as Record<string, unknown>)[call] = (input: unknown, ctx: CallContext) =>
      guard(ctx, () => forward(input, ctx));
  }
  if (typeof connector.logout === 'function') {
    const logout = connector.logout.bind(connector);
    // Logout goes through the bulkhead (no pile-up) but not the breaker: it is best effort, and an
    // open circuit must not keep a user's session alive.
    wrapped.logout = (upstream: ConnectorState, ctx: CallContext) =>
      bulkhead.run(() => logout(upstream, ctx), ctx.signal);
  }
  return wrapped;
}
