/**
 * Prometheus metrics of ONE BFF instance (docs/operations.md "Metrics"): its own prom-client
 * Registry, so two BFFs in one process never share or collide on a series. Built by createBff
 * only when `metrics` is configured; every hook below is a no-op otherwise (`rt.metrics` unset).
 *
 * Label values come from fixed sets only: method ids (the method table), connector names (the
 * config), outcomes and limits (below). Never a user id, an identifier, a phone number or an IP.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The outcome of one sign-in attempt, as counted. */
export type SignInOutcome =
  | 'success'
  | 'invalid'
  | 'second_step'
  | 'locked'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'upstream_error'
  | 'error';

/** The outcome of one upstream call: `ok` (whatever it answered, a wrong password included) or the fault kind. */
export type UpstreamOutcome = 'ok' | 'unavailable' | 'timeout' | 'bad_response';

export type CircuitStateName = 'closed' | 'open' | 'half-open';
const CIRCUIT_VALUE: Record<CircuitStateName, number> = { closed: 0, 'half-open': 1, open: 2 };

export interface MetricsSources {
  /** The circuit state of each connector with a breaker, read at scrape time. */
  circuits: () => Iterable<[connector: string, state: CircuitStateName]>;
  /** Signed-in sessions, read at scrape time; undefined: the store cannot tell (Redis). */
  activeSessions?: () => number | undefined;
}

export class BffMetrics {
  readonly registry = new Registry();
  readonly #signIns: Counter<'method' | 'connector' | 'outcome'>;
  readonly #upstream: Histogram<'connector' | 'call' | 'outcome'>;
  readonly #transitions: Counter<'connector' | 'from' | 'to'>;
  readonly #refusals: Counter<'limit'>;
  readonly #codes: Counter<'method' | 'connector'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#signIns = new Counter({
      name: 'auth_bff_signins_total',
      help: 'Sign-in attempts by method, connector and outcome.',
      labelNames: ['method', 'connector', 'outcome'],
      registers,
    });
    this.#upstream = new Histogram({
      name: 'auth_bff_upstream_call_duration_seconds',
      help: 'Upstream (connector) call latency by connector, call and outcome.',
      labelNames: ['connector', 'call', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    new Gauge({
      name: 'auth_bff_circuit_state',
      help: 'Circuit breaker state per connector: 0 closed, 1 half-open, 2 open.',
      labelNames: ['connector'],
      registers,
      collect() {
        this.reset();
        for (const [connector, state] of sources.circuits()) this.set({ connector }, CIRCUIT_VALUE[state]);
      },
    });
    this.#transitions = new Counter({
      name: 'auth_bff_circuit_transitions_total',
      help: 'Circuit breaker state changes per connector.',
      labelNames: ['connector', 'from', 'to'],
      registers,
    });
    this.#refusals = new Counter({
      name: 'auth_bff_throttle_refusals_total',
      help: 'Requests refused by a throttle limit (429), by limit.',
      labelNames: ['limit'],
      registers,
    });
    this.#codes = new Counter({
      name: 'auth_bff_codes_sent_total',
      help: 'Codes (SMS, email) the upstream accepted to deliver, by method and connector.',
      labelNames: ['method', 'connector'],
      registers,
    });
    if (sources.activeSessions) {
      const read = sources.activeSessions;
      new Gauge({
        name: 'auth_bff_active_sessions',
        help: 'Signed-in, unexpired sessions in this instance (memory store only).',
        registers,
        collect() {
          const count = read();
          if (count !== undefined) this.set(count);
        },
      });
    }
  }

  signIn(method: string, connector: string, outcome: SignInOutcome): void {
    this.#signIns.inc({ method, connector, outcome });
  }

  upstreamCall(connector: string, call: string, outcome: UpstreamOutcome, seconds: number): void {
    this.#upstream.observe({ connector, call, outcome }, seconds);
  }

  circuitTransition(connector: string, from: CircuitStateName, to: CircuitStateName): void {
    this.#transitions.inc({ connector, from, to });
  }

  throttleRefusal(limit: string): void {
    this.#refusals.inc({ limit });
  }

  codeSent(method: string, connector: string): void {
    this.#codes.inc({ method, connector });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
