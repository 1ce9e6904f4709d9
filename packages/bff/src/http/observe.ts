/**
 * Where the BFF's flows meet its metrics and traces (observability/): small wrappers that app.ts
 * and the routes put around what they already do, so the flows themselves stay as they are.
 * Each is a no-op when neither metrics nor tracing is configured (`ctx.state.observe` unset).
 *
 *   countingLimiters   → auth_bff_throttle_refusals_total{limit}, and which limit refused a sign-in
 *   observedSignIn     → auth_bff_signins_total{method, connector, outcome}
 *   observedCodeSend   → auth_bff_codes_sent_total{method, connector}
 *   observeUpstream    → auth_bff_upstream_call_duration_seconds, and the upstream call's span
 */
import type Koa from 'koa';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { CallContext } from '../connectors/connector.js';
import { classifyOutcome } from '../connectors/shared/call-policy.js';
import { AuthError } from '../errors.js';
import type { BffMetrics, SignInOutcome, UpstreamOutcome } from '../observability/metrics.js';
import type { BffTracing, RequestTrace } from '../observability/tracing.js';
import type { BffRuntime, ConnectorBinding, Handler } from '../runtime.js';
import type { LimiterFactory } from '../security/limiter-factory.js';
import { RateLimited } from '../security/throttle.js';

/** What the observing middleware of app.ts leaves in `ctx.state.observe`. */
export interface RequestObserver {
  metrics?: BffMetrics;
  /** The request's span (tracing on). */
  trace?: RequestTrace;
}

const observerOf = (ctx: Koa.Context): RequestObserver | undefined => ctx.state.observe as RequestObserver | undefined;

/** Which limit refused: set on the RateLimited a counting limiter throws. */
const REFUSED_BY = new WeakMap<object, string>();

/**
 * Limiters that count their refusals by limit (the spec's `keyPrefix`: `signin:acct`,
 * `signin:ip`, `code:cooldown`, `code:dest`, `code:ip`). A refusal is thrown as the same
 * RateLimited the throttle would make of it (security/throttle.ts passes a RateLimited on as is).
 */
export function countingLimiters(make: LimiterFactory, metrics: BffMetrics): LimiterFactory {
  return (spec) => {
    const limiter = make(spec);
    const consume = limiter.consume.bind(limiter);
    limiter.consume = async (...args: Parameters<typeof consume>) => {
      try {
        return await consume(...args);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        metrics.throttleRefusal(spec.keyPrefix);
        const error = new RateLimited(refusal.msBeforeNext);
        REFUSED_BY.set(error, spec.keyPrefix);
        throw error;
      }
    };
    return limiter;
  };
}

const INVALID = new Set(['invalid_credentials', 'captcha_required', 'invalid_code', 'code_expired', 'invalid_token']);

/** The counted outcome of a sign-in that threw; undefined: not an attempt (bad body, method off). */
export function signInOutcome(error: unknown): SignInOutcome | undefined {
  if (!(error instanceof AuthError)) return 'error';
  if (error.code === 'rate_limited') return REFUSED_BY.get(error) === 'signin:acct' ? 'locked' : 'rate_limited';
  if (INVALID.has(error.code)) return 'invalid';
  // The right password, and the upstream asks for more (the `mfa` step is counted on its own).
  if (error.code === 'mfa_required' || error.code === 'password_reset_required') return 'second_step';
  if (error.code === 'upstream_unavailable' || error.code === 'upstream_timeout' || error.code === 'upstream_error') {
    return error.code;
  }
  if (['invalid_request', 'unsupported_media_type', 'payload_too_large', 'method_disabled'].includes(error.code)) {
    return undefined;
  }
  return 'error';
}

/** A sign-in route, counted by outcome. */
export function observedSignIn(id: string, handler: Handler): Handler {
  return async (ctx, rt) => {
    const metrics = rt.metrics;
    if (!metrics) return handler(ctx, rt);
    try {
      await handler(ctx, rt);
    } catch (error) {
      const outcome = signInOutcome(error);
      const connector = rt.methods[id]?.name;
      if (outcome && connector) metrics.signIn(id, connector, outcome);
      throw error;
    }
    const connector = rt.methods[id]?.name;
    if (connector) metrics.signIn(id, connector, 'success');
  };
}

/** A code-send route: a 202 is a code the upstream took to deliver (the SMS bill). */
export function observedCodeSend(id: string, handler: Handler): Handler {
  return async (ctx, rt: BffRuntime) => {
    await handler(ctx, rt);
    const connector = rt.methods[id]?.name;
    if (rt.metrics && connector && ctx.status === 202) rt.metrics.codeSent(id, connector);
  };
}

/**
 * One upstream call from a route (routes/upstream.ts), timed (histogram per connector and call)
 * and traced (a child span of the request's: connector, type, call, outcome; never its input).
 */
export function observeUpstream<T>(
  ctx: Koa.Context,
  binding: ConnectorBinding,
  call: string,
  run: (context: CallContext) => Promise<T>,
): (context: CallContext) => Promise<T> {
  const observer = observerOf(ctx);
  if (!observer) return run;
  return async (context) => {
    const started = performance.now();
    const span = observer.trace?.upstream(binding.name, binding.connector.type, call);
    let outcome: UpstreamOutcome = 'ok';
    try {
      return await run(context);
    } catch (error) {
      outcome = classifyOutcome(error, context.signal).kind ?? 'bad_response';
      throw error;
    } finally {
      observer.metrics?.upstreamCall(binding.name, call, outcome, (performance.now() - started) / 1000);
      span?.end(outcome);
    }
  };
}

/**
 * Leaves the request's observer in `ctx.state.observe` and, with tracing, runs the request in its
 * span (installed only when metrics or tracing is on, before the request context, so the access
 * line and the request's log lines carry the trace id). `routes`: the paths the BFF serves, the
 * only ones that may name a span (anything else is `unmatched`: span names stay a bounded set).
 */
export function observing(options: {
  metrics?: BffMetrics | undefined;
  tracing?: BffTracing | undefined;
  routes: ReadonlySet<string>;
}): Koa.Middleware {
  const { metrics, tracing, routes } = options;
  const shared: RequestObserver = metrics ? { metrics } : {};
  if (!tracing) {
    return (ctx, next) => {
      ctx.state.observe = shared;
      return next();
    };
  }
  return async (ctx, next) => {
    const trace = tracing.startRequest(ctx.method, ctx.get('traceparent') || undefined);
    ctx.state.observe = { ...shared, trace };
    try {
      await next();
    } finally {
      trace.end(ctx.status, routes.has(ctx.path) ? ctx.path : 'unmatched');
    }
  };
}
