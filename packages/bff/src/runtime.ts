/**
 * What every route needs, built once by createBff (app.ts) and passed explicitly: no globals,
 * so two BFFs in one process (tests, or two mounts) never share counters or sessions.
 */
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { BffConfig } from './config/schema.js';
import type { Connector } from './connectors/connector.js';
import type { MethodId } from './connectors/index.js';
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
  /** Which connector serves each enabled method (a method not listed is off). */
  methods: Partial<Record<MethodId, ConnectorBinding>>;
  store: SessionStore;
  signIns: SignInThrottle;
  codeSends: CodeSendThrottle;
}

/** Per-request state, set by the first middleware. */
export interface RequestState {
  requestId: string;
  /** The client IP (security/client-ip.ts): socket address unless trustProxy. */
  ip: string;
  log: Logger;
}

export function requestState(ctx: Koa.Context): RequestState {
  return ctx.state as RequestState;
}

export type Handler = (ctx: Koa.Context, rt: BffRuntime) => Promise<void>;
