/**
 * The upstream call policy: the ONE place that bounds a call from the BFF to a connector
 * (docs/security.md T15/T16). Applied once per connector where the BFF builds it (`withCallPolicy`), so
 * every connector type gets it without knowing; a connector only honours the `ctx.signal` it is
 * given (connector.ts rule 3) and keeps no deadline of its own.
 *
 * - Deadline: `timeoutMs` from the moment the call is made (queue wait included). The connector's
 *   signal aborts with a `TimeoutError` reason, and the answer is RACED against it, so the caller
 *   gets `UpstreamError('timeout')` in time even from a connector that ignores its signal. The
 *   caller's own signal (a client that went away) aborts it too, with its own reason.
 * - Bulkhead: at most `maxConcurrent` calls in flight, at most `maxQueue` waiting; beyond that
 *   `UpstreamError('unavailable')` at once, so a slow upstream cannot pile up sockets and memory.
 *   A slot is held until the connector's own promise settles (its socket is busy until then).
 * - Circuit breaker: after `failureThreshold` CONSECUTIVE upstream faults it opens and calls fail
 *   fast with `UpstreamError('unavailable')` (→ 503) without touching the upstream. After
 *   `coolDownMs` ONE call goes through as a probe (half-open; the others still fail fast): success
 *   closes the circuit, a fault re-opens it. What counts as a fault is decided by
 *   `classifyOutcome` alone: a wrong password is an outcome, not an exception (connector.ts rule 1),
 *   and a client that went away says nothing about the upstream.
 *
 * Order: bulkhead outside, breaker inside (a call refused because the queue is full says nothing
 * about the upstream's health). No retries, by design: a sign-in that may have reached the
 * upstream is never sent twice (it would count twice against the upstream's own lockout).
 *
 * Why not a policy library (cockatiel 4): its half-open circuit makes concurrent calls WAIT for
 * the probe instead of failing fast, and counts an unhandled error during the probe (a client that
 * went away) as a success that closes the circuit; bending it back costs more code than this.
 */
import {
  UnexpectedAnswer,
  UpstreamError,
  type CallContext,
  type Connector,
  type ConnectorLogger,
} from '../connector.js';
import { CONNECTOR_CALLS } from '../../methods.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive upstream faults that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe, in ms. Default 10 000. */
  coolDownMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface BulkheadOptions {
  /** Calls in flight at once. Default 32. */
  maxConcurrent?: number;
  /** Calls waiting for a slot; more are refused at once. Default 64. */
  maxQueue?: number;
}

/** Breaker + bulkhead settings for the connectors built from config (BffOptions.resilience). */
export interface ResilienceOptions {
  breaker?: BreakerOptions;
  bulkhead?: BulkheadOptions;
}

export interface CallPolicyOptions {
  /** Deadline of one call in ms (the connector's `timeout`). */
  timeoutMs: number;
  /** `false`: no circuit breaker (connectors injected by tests are used as given). */
  breaker?: BreakerOptions | false;
  /** `false`: no concurrency bound. */
  bulkhead?: BulkheadOptions | false;
  /** Called on every circuit state change (for the log). */
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
  /** The connector calls to wrap (default: every call of the built-in method table, methods.ts). */
  calls?: readonly string[];
}

/** What a finished call says, decided in this one function (breaker, status code and audit). */
export interface CallOutcome {
  /** The public error kind (→ 503 / 504 / 502); undefined for a success. */
  kind: UpstreamError['kind'] | undefined;
  /** The caller gave up (the client went away): neither the upstream nor the deadline. */
  clientGone: boolean;
  /** Counts towards opening the circuit. */
  upstreamFault: boolean;
}

/**
 * `error` is what the call threw (undefined: it resolved); `signal` the one it was given, whose
 * abort reason tells the deadline (`TimeoutError`) from a caller that went away (anything else).
 * A non-UpstreamError is a bug in the BFF or connector: answered as 502, never counted.
 *
 * The breaker sees only upstream faults: timeouts, transport errors, 5xx and unreadable replies.
 * Business answers (wrong credential or code, invalid input, sent too often, captcha, MFA) are
 * outcomes that resolve (connector.ts rule 1) and never reach here as errors; a coherent answer
 * the connector cannot map (`UnexpectedAnswer`) is a 502 but proves the upstream alive; a client
 * that went away says nothing about the upstream. None of them is counted.
 */
export function classifyOutcome(error: unknown, signal: AbortSignal): CallOutcome {
  const clientGone = signal.aborted && (signal.reason as { name?: unknown } | undefined)?.name !== 'TimeoutError';
  if (error === undefined) return { kind: undefined, clientGone, upstreamFault: false };
  const upstream = error instanceof UpstreamError;
  const answered = error instanceof UnexpectedAnswer;
  return {
    kind: upstream ? error.kind : 'bad_response',
    clientGone,
    upstreamFault: upstream && !answered && !clientGone,
  };
}

export interface CallPolicy {
  readonly timeoutMs: number;
  /** Circuit state (`closed` when there is no breaker). */
  readonly state: CircuitState;
  readonly inFlight: number;
  readonly queued: number;
  /**
   * Runs `call` under the policy. `ctx.signal` is the caller's (client gone); `call` gets the
   * bounded one. `breaker: false` skips the circuit (best-effort calls such as logout).
   */
  run<T>(ctx: CallContext, call: (ctx: CallContext) => Promise<T>, options?: { breaker?: boolean }): Promise<T>;
}

export function createCallPolicy(options: CallPolicyOptions): CallPolicy {
  const { timeoutMs } = options;
  const breaker = options.breaker === false ? undefined : options.breaker;
  const failureThreshold = breaker?.failureThreshold ?? 5;
  const coolDownMs = breaker?.coolDownMs ?? 10_000;
  const now = breaker?.now ?? Date.now;
  const bulkhead = options.bulkhead === false ? undefined : options.bulkhead;
  const maxConcurrent = bulkhead ? (bulkhead.maxConcurrent ?? 32) : Infinity;
  const maxQueue = bulkhead?.maxQueue ?? 64;

  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;
  let active = 0;
  const waiting: Array<() => void> = [];

  const transition = (next: CircuitState): void => {
    const previous = state;
    if (previous === next) return;
    state = next;
    options.onStateChange?.(next, previous);
  };
  const open = (): void => {
    openedAt = now();
    failures = 0;
    transition('open');
  };
  /** Throws when the call may not go out; returns true when it is the half-open probe. */
  const admit = (): boolean => {
    if (state === 'closed') return false;
    if (state === 'open' && now() - openedAt >= coolDownMs) transition('half-open');
    if (state === 'half-open' && !probing) return (probing = true);
    throw new UpstreamError('unavailable', 'circuit open: failing fast after repeated upstream failures', {
      notSent: true,
    });
  };
  const settle = (probe: boolean, outcome: CallOutcome): void => {
    if (probe) probing = false;
    if (outcome.kind === undefined) {
      failures = 0;
      if (probe) transition('closed');
    } else if (outcome.upstreamFault) {
      if (probe) open();
      // Calls admitted before the circuit opened may still fail afterwards: don't re-arm the timer.
      else if (state === 'closed' && ++failures >= failureThreshold) open();
    }
    // Not the upstream's fault (client gone, a bug): not counted; a probe lets the next call probe.
  };

  const acquire = (signal: AbortSignal): Promise<void> | undefined => {
    if (signal.aborted)
      return Promise.reject(new UpstreamError('timeout', 'aborted before the upstream call', { notSent: true }));
    if (active < maxConcurrent) {
      active += 1;
      return undefined;
    }
    if (waiting.length >= maxQueue) {
      return Promise.reject(
        new UpstreamError('unavailable', 'too many concurrent upstream calls (queue full)', { notSent: true }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(); // the releasing call handed its slot over: `active` is unchanged
      };
      const onAbort = () => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        reject(new UpstreamError('timeout', 'gave up waiting for a free upstream slot', { notSent: true }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiting.push(grant);
    });
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  /** Bulkhead, then breaker, then the call; settles when the connector's own promise does. */
  const guarded = async <T>(
    ctx: CallContext,
    call: (ctx: CallContext) => Promise<T>,
    useBreaker: boolean,
    progress: { started: boolean },
  ) => {
    const wait = acquire(ctx.signal);
    if (wait) await wait;
    try {
      const probe = useBreaker && breaker ? admit() : false;
      try {
        progress.started = true;
        const result = await call(ctx);
        if (useBreaker && breaker) settle(probe, classifyOutcome(undefined, ctx.signal));
        return result;
      } catch (error) {
        if (useBreaker && breaker) settle(probe, classifyOutcome(error, ctx.signal));
        throw error;
      }
    } finally {
      release();
    }
  };

  return {
    timeoutMs,
    get state() {
      return state;
    },
    get inFlight() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    run<T>(ctx: CallContext, call: (ctx: CallContext) => Promise<T>, runOptions: { breaker?: boolean } = {}) {
      const bounded = new AbortController();
      const signal = bounded.signal;
      const caller = ctx.signal;
      const timer = setTimeout(
        () => bounded.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
        timeoutMs,
      );
      const onCallerAbort = () => bounded.abort(caller.reason);
      if (caller.aborted) onCallerAbort();
      else caller.addEventListener('abort', onCallerAbort, { once: true });
      const progress = { started: false };
      const pending = guarded({ ...ctx, signal }, call, runOptions.breaker !== false, progress);
      return new Promise<T>((resolve, reject) => {
        // Still queued for a slot when the deadline fell: the connector never ran (notSent).
        const onAbort = () =>
          reject(
            new UpstreamError(
              'timeout',
              classifyOutcome(undefined, signal).clientGone
                ? 'the caller went away'
                : `no answer within ${timeoutMs} ms`,
              { notSent: !progress.started },
            ),
          );
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        // Whichever loses the race is ignored (a late answer, or a rejection nobody waits for).
        pending.then(resolve, reject).finally(() => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          caller.removeEventListener('abort', onCallerAbort);
        });
      });
    },
  };
}

/** A connector whose every call goes through its policy (exposed for tests and metrics). */
export interface PolicedConnector extends Connector {
  readonly policy: CallPolicy;
}

/**
 * The same Connector with every call under one `CallPolicy`. `ready` goes through deadline and
 * bulkhead only, never the breaker: a failed probe from the unauthenticated /readyz must not open
 * the circuit for sign-ins, and an open circuit must not make /readyz say "not ready" by itself (a
 * load balancer would then take the instance out, no sign-in would come to probe the upstream, and
 * the circuit would never close). `logout` likewise (best effort: an open circuit must not keep a
 * user's session alive).
 */
export function withCallPolicy(
  name: string,
  connector: Connector,
  logger: ConnectorLogger,
  options: CallPolicyOptions,
): PolicedConnector {
  const policy = createCallPolicy({
    ...options,
    onStateChange: (state, previous) => {
      const entry = { event: 'circuit', connector: name, type: connector.type, state, previous };
      if (state === 'open') logger.warn(entry, `upstream circuit for connector ${name} is open: failing fast with 503`);
      else logger.info(entry, `upstream circuit for connector ${name} is ${state}`);
      options.onStateChange?.(state, previous); // metrics (observability/metrics.ts)
    },
  });
  const wrapped: PolicedConnector = {
    type: connector.type,
    ...(connector.hints ? { hints: connector.hints } : {}),
    policy,
    ready: (ctx) => policy.run(ctx, (c) => connector.ready(c), { breaker: false }),
    close: () => connector.close(),
  };
  // Naming a subject is pure (no upstream call): passed through as is.
  if (typeof connector.subjectOf === 'function') wrapped.subjectOf = connector.subjectOf.bind(connector);
  if (typeof connector.phoneOf === 'function') wrapped.phoneOf = connector.phoneOf.bind(connector);
  // Methods are looked up at call time, so a connector patched after wrapping (tests) is honoured.
  const methods = connector as unknown as Record<string, (input: unknown, ctx: CallContext) => Promise<unknown>>;
  for (const call of options.calls ?? CONNECTOR_CALLS) {
    if (typeof methods[call] !== 'function') continue;
    (wrapped as unknown as Record<string, unknown>)[call] = (input: unknown, ctx: CallContext) =>
      policy.run(ctx, (c) => methods[call]!.call(connector, input, c));
  }
  if (typeof connector.logout === 'function') {
    wrapped.logout = (upstream, ctx) => policy.run(ctx, (c) => connector.logout!(upstream, c), { breaker: false });
  }
  return wrapped;
}
