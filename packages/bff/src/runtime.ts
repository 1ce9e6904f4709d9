/**
 * What every route needs, built once by createBff (app.ts) and passed explicitly: no globals,
 * so two BFFs in one process (tests, or two mounts) never share counters or sessions.
 */
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { BffConfig } from './config/schema.js';
import type { CallContext, Connector } from './connectors/connector.js';
import type { SignInMethod } from './methods.js';
import type { BffMetrics } from './observability/metrics.js';
import type { ResponseFloor } from './security/response-floor.js';
import type { CodeSendThrottle, SignInThrottle } from './security/throttle.js';
import type { SessionStore } from './session/store.js';

export interface ConnectorBinding {
  /** The connector's name in the config (`bw`, `iam`, ...). */
  name: string;
  connector: Connector;
  /** Upper bound of one upstream call, in ms (the connector's `timeout`). */
  timeout: number;
}

export interface BffRuntime {
  config: BffConfig;
  logger: Logger;
  now: () => number;
  connectors: Map<string, ConnectorBinding>;
  /** The method table the API is built from (methods.ts). */
  signInMethods: readonly SignInMethod[];
  /** Which connector serves each enabled method, by method id (a method not listed is off). */
  methods: Partial<Record<string, ConnectorBinding>>;
  store: SessionStore;
  signIns: SignInThrottle;
  codeSends: CodeSendThrottle;
  /** Timing masking of enumerable refusals and code sends (security/response-floor.ts, A-05). */
  responseFloor: ResponseFloor;
  /** How long GET /readyz reuses a connector's probe, ms (routes/health.ts). */
  readyCacheMs?: number;
  /** Prometheus metrics (observability/metrics.ts); undefined when `metrics` is not configured. */
  metrics?: BffMetrics;
}

/** Per-request state, set by the first middleware. */
export interface RequestState {
  requestId: string;
  /** The client IP (security/client-ip.ts): socket address unless trustProxy. */
  ip: string;
  log: Logger;
}

export function requestState(ctx: Koa.Context): RequestState {
  return ctx.state;
}

export type Handler = (ctx: Koa.Context, rt: BffRuntime) => void | Promise<void>;

/** A connector's call by name (a method table's `call`), bound; undefined if it has none. */
export function connectorCall<T>(
  connector: Connector,
  name: string,
): ((input: unknown, ctx: CallContext) => Promise<T>) | undefined {
  const call = (connector as unknown as Record<string, unknown>)[name];
  return typeof call === 'function'
    ? (call.bind(connector) as (input: unknown, ctx: CallContext) => Promise<T>)
    : undefined;
}
