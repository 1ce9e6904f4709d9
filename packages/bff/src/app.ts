/**
 * createBff(config): the BFF as Koa middleware for an existing app, readable top to bottom.
 *
 *   app.use(createBff(config))     // serves `${basePath}/*`, /healthz and /readyz; passes the rest on
 *
 * The BFF runs in its OWN inner Koa app, handed the raw request for the paths it owns. So its
 * sessions, cookie keys, proxy trust and error handling never depend on, or leak into, the host
 * app (the host's `app.keys`, `app.proxy`, body parser or koa-session are not used).
 * Mount it before any body parser of the host app (it reads the body itself).
 *
 * A server that is the BFF's own (startBff) runs that same inner app as its request listener
 * (`bff.listener`): one Koa context per request, and a path the BFF does not own gets the API's
 * JSON 404 (405 for odd methods) instead of being passed on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import type { DestinationStream, Logger } from 'pino';
import { isParsedConfig, parseConfig } from './config/parse.js';
import type { BffConfig } from './config/schema.js';
import type { Connector, ConnectorStore } from './connectors/connector.js';
import { connectorRegistry, findConnectorType, type ConnectorRegistration } from './connectors/index.js';
import { AuthError } from './errors.js';
import { errorHandler } from './http/errors.js';
import { requestContext } from './http/request-context.js';
import { createLogger } from './log/logger.js';
import { apiRouter, apiRoutes } from './routes/index.js';
import { healthz, readyz } from './routes/health.js';
import type { BffRuntime, ConnectorBinding } from './runtime.js';
import { isSecureRequest } from './security/client-ip.js';
import { cors, csrfGuard } from './security/csrf.js';
import { securityHeaders } from './security/headers.js';
import { codeSendThrottle, signInThrottle } from './security/throttle.js';
import { audit, subjectKey, useSubjectKey } from './log/audit.js';
import { auditEnvelope } from './log/audit-envelope.js';
import { sessionMiddleware } from './session/session.js';
import type { SessionStore } from './session/store.js';
import { withCallPolicy, type ResilienceOptions } from './connectors/shared/call-policy.js';
import { connectorCalls, firstSteps, METHODS, type SignInMethod } from './methods.js';
import { connectorCall, requestState } from './runtime.js';
import { createStores } from './stores.js';
import { countingLimiters, observing } from './http/observe.js';
import { BffMetrics, type CircuitStateName } from './observability/metrics.js';
import { startMetricsServer, type MetricsServer } from './observability/metrics-server.js';
import { BffTracing } from './observability/tracing.js';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { PolicedConnector } from './connectors/shared/call-policy.js';
import { MemorySessionStore } from './session/memory-store.js';
import { ResponseFloor } from './security/response-floor.js';

export interface BffOptions {
  /** The connector types `config.connectors` may use (default: the built-in registry, connectors/index.ts). */
  registry?: Record<string, ConnectorRegistration>;
  /** The sign-in method table the API, GET /config and the config's `methods` follow (default: methods.ts). */
  methods?: readonly SignInMethod[];
  /**
   * TESTING SEAM: connector instances by name, used instead of building them from
   * `config.connectors` (tests, the widget's test server). `methods` may point at these names.
   */
  connectors?: Record<string, Connector | { connector: Connector; timeoutMs: number }>;
  /** A pino destination (keeps secret scrubbing; tests capture logs this way) or a ready logger. */
  logger?: DestinationStream | Logger;
  /** Circuit breaker + bulkhead settings for connectors built from config (connectors/shared/call-policy.ts). */
  resilience?: ResilienceOptions;
  /** The session store (default: `session.store`, memory or Redis; stores.ts). */
  sessionStore?: SessionStore;
  /** The clock for session timeouts (tests). Default Date.now. */
  now?: () => number;
  /** Base of the growing delay between failed sign-ins, ms (default 250; tests use less). */
  throttleDelayMs?: number;
  /** How long GET /readyz reuses each connector's probe, ms (default 5 000; routes/health.ts). */
  readyCacheMs?: number;
  /**
   * Where spans go instead of OTLP/HTTP (tests: a SimpleSpanProcessor over an InMemorySpanExporter).
   * Turns tracing on, with `tracing.trustTraceparent` and `serviceName` from the config.
   */
  spanProcessor?: SpanProcessor;
}

/** Tracing is on with `tracing.otlp.url`, the standard OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, or a span processor. */
function tracingFor(config: BffConfig, processor: SpanProcessor | undefined): BffTracing | undefined {
  const url = config.tracing?.otlp?.url;
  const fromEnv = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (!processor && !url && !fromEnv) return undefined;
  return new BffTracing({
    serviceName: config.tracing?.serviceName ?? 'auth-bff',
    trustTraceparent: config.tracing?.trustTraceparent ?? false,
    ...(processor ? { processor } : {}),
    ...(url ? { otlpUrl: url } : {}),
  });
}

export interface BffMiddleware extends Koa.Middleware {
  readonly config: BffConfig;
  /** This instance's metrics (its own prom-client Registry); undefined unless `metrics` is configured. */
  readonly metrics: BffMetrics | undefined;
  /** The metrics listener's URL (`http://host:port`, GET /metrics) once listening; undefined when off. */
  readonly metricsUrl: Promise<string> | undefined;
  /** The BFF as the request listener of a server of its own (start.ts): a path it does not own is 404. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly logger: Logger;
  /** Closes every connector (and the session store). Idempotent. */
  close(): Promise<void>;
  /**
   * Ends every session of a user (docs/security.md C-06: disable, delete, password change, admin
   * revoke). Resolves how many were ended; rejects if the session store keeps no user index.
   */
  revokeUser(userId: string): Promise<number>;
}

function isLogger(value: unknown): value is Logger {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Logger).child === 'function' &&
    typeof (value as Logger).info === 'function'
  );
}

function buildConnectors(
  config: BffConfig,
  registry: Record<string, ConnectorRegistration>,
  injected: NonNullable<BffOptions['connectors']>,
  logger: Logger,
  calls: readonly string[],
  connectorStore: (name: string) => ConnectorStore,
  resilience?: ResilienceOptions,
  onCircuit?: (connector: string, state: CircuitStateName, previous: CircuitStateName) => void,
): Map<string, ConnectorBinding> {
  const bindings = new Map<string, ConnectorBinding>();
  for (const [name, entry] of Object.entries(config.connectors)) {
    if (Object.hasOwn(injected, name)) continue;
    const registration = findConnectorType(entry.type, registry)!;
    const connectorLogger = logger.child({ connector: name });
    // Every call goes through one policy: deadline, bounded concurrency, circuit breaker.
    const connector = withCallPolicy(
      name,
      registration.factory(entry.config, {
        logger: connectorLogger,
        store: connectorStore(name),
        ...(config.phone?.defaultCountry ? { phone: { defaultCountry: config.phone.defaultCountry } } : {}),
      }),
      connectorLogger,
      {
        timeoutMs: entry.timeout,
        calls,
        ...resilience,
        ...(onCircuit ? { onStateChange: (state, previous) => onCircuit(name, state, previous) } : {}),
      },
    );
    bindings.set(name, { name, connector, timeout: entry.timeout });
  }
  for (const [name, given] of Object.entries(injected)) {
    const [inner, timeout] = 'ready' in given ? [given, 5_000] : [given.connector, given.timeoutMs];
    // Injected ones get the deadline only (no breaker, no bulkhead): used as given.
    const connector = withCallPolicy(name, inner, logger.child({ connector: name }), {
      timeoutMs: timeout,
      calls,
      breaker: false,
      bulkhead: false,
    });
    bindings.set(name, { name, connector, timeout });
  }
  return bindings;
}

export function createBff(input: unknown, options: BffOptions = {}): BffMiddleware {
  const injected = options.connectors ?? {};
  const registry = options.registry ?? connectorRegistry;
  const signInMethods = options.methods ?? METHODS;
  const config = isParsedConfig(input)
    ? input
    : parseConfig(input, process.env, { registry, methods: signInMethods, injectedConnectors: Object.keys(injected) });
  const logger = isLogger(options.logger)
    ? options.logger
    : createLogger({ secretValues: config.secretValues }, options.logger);
  const now = options.now ?? Date.now;
  if (!config.session.cookie.secure) {
    logger.warn(
      'session.cookie.secure is false: the cookie loses its __Host- prefix and Secure flag (plain-HTTP development only)',
    );
  }

  // --- runtime: session store, connectors, methods, throttles ---------------------------------
  const {
    store,
    makeLimiter: limiters,
    connectorStore,
  } = createStores(config, logger, {
    sessionStore: options.sessionStore,
    now,
  });
  let metrics: BffMetrics | undefined;
  const connectors = buildConnectors(
    config,
    registry,
    injected,
    logger,
    connectorCalls(signInMethods),
    connectorStore,
    options.resilience,
    config.metrics ? (name, state, previous) => metrics?.circuitTransition(name, previous, state) : undefined,
  );
  const methods: BffRuntime['methods'] = {};
  for (const { id, call } of firstSteps(signInMethods)) {
    const ref = config.methods[id]?.connector;
    if (!ref) continue;
    const binding = connectors.get(ref);
    if (!binding || !connectorCall(binding.connector, call)) {
      // The store (a Redis client) is open already: do not leave it behind.
      void Promise.resolve(store.close?.()).catch(() => undefined);
      throw new Error(`methods.${id}.connector: connector "${ref}" cannot serve ${id}`);
    }
    methods[id] = binding;
  }
  if (config.metrics) {
    metrics = new BffMetrics({
      circuits: () =>
        [...connectors.values()].flatMap(({ name, connector }) =>
          Object.hasOwn(config.connectors, name) ? [[name, (connector as PolicedConnector).policy.state] as const] : [],
        ),
      ...(store instanceof MemorySessionStore ? { activeSessions: () => store.signedIn } : {}),
    });
  }
  const makeLimiter = metrics ? countingLimiters(limiters, metrics) : limiters;
  const rt: BffRuntime = {
    config,
    logger,
    now,
    connectors,
    signInMethods,
    methods,
    store,
    signIns: signInThrottle(config.limits, makeLimiter, options.throttleDelayMs),
    codeSends: codeSendThrottle(config.limits, makeLimiter),
    responseFloor: new ResponseFloor(config.limits.responseFloor),
    readyCacheMs: options.readyCacheMs ?? 5_000,
    ...(metrics ? { metrics } : {}),
  };
  const tracing = tracingFor(config, options.spanProcessor);
  const routes = new Set([
    '/healthz',
    '/readyz',
    ...Object.keys(apiRoutes(signInMethods)).map((path) => `${config.basePath === '/' ? '' : config.basePath}${path}`),
  ]);
  const metricsServer: MetricsServer | undefined =
    metrics && config.metrics
      ? startMetricsServer(metrics, config.metrics.listen, (error) =>
          logger.error({ err: error }, 'metrics listener error'),
        )
      : undefined;

  // --- the inner app: the middleware chain, in order ------------------------------------------
  const inner = new Koa();
  inner.silent = true;
  inner.on('error', (error: unknown) => logger.error({ err: error }, 'response error'));
  const isSecure = (ctx: Koa.Context) => isSecureRequest(ctx.req, config.trustProxy);
  // The refused Origin is logged (truncated): a page whose origin is not in allowedOrigins is the
  // usual cause (http://127.0.0.1:8080 vs http://localhost:8080), and the log must say which.
  const onCsrfReject = (ctx: Koa.Context, why: string) => {
    const origin = ctx.get('Origin').slice(0, 200);
    audit(requestState(ctx).log, 'csrf.rejected', {
      ip: requestState(ctx).ip,
      reason: why,
      ...(origin ? { origin } : {}),
    });
  };
  const prefix = config.basePath === '/' ? '' : config.basePath;
  const owns = (path: string) =>
    path === '/healthz' || path === '/readyz' || path === prefix || path.startsWith(`${prefix}/`);

  inner.use(notOurs(owns)); // only when the inner app is the server's listener (mounted: filtered below)
  if (metrics || tracing) inner.use(observing({ metrics, tracing, routes })); // http/observe.ts: metrics, spans
  // The audit subject hash is keyed per deployment (log/audit.ts); a logger of its own, so two
  // BFFs sharing a given logger keep their own keys.
  const requestLogger = logger.child({});
  useSubjectKey(requestLogger, subjectKey(config.session.secrets[0]!));
  inner.use(requestContext(requestLogger, config.trustProxy)); // request id, client IP, access log
  inner.use(errorHandler()); // everything below throws AuthError or is turned into a 500
  inner.use(securityHeaders(isSecure)); // no-store, nosniff, no-referrer, CSP, HSTS on TLS
  inner.use(async (ctx, next) => {
    if (ctx.path === '/healthz' || ctx.path === '/readyz') {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
        ctx.set('Allow', 'GET, HEAD');
        throw new AuthError('method_not_allowed');
      }
      return ctx.path === '/healthz' ? healthz(ctx) : readyz(ctx, rt);
    }
    await next();
  });
  inner.use(cors(config.allowedOrigins)); // CORS for allowedOrigins only; answers preflights
  inner.use(csrfGuard(config.allowedOrigins, onCsrfReject)); // X-CSRF: 1 + Origin on every POST
  inner.use(sessionMiddleware(inner, config.session, store, now)); // koa-session, server-side store
  inner.use(apiRouter(config.basePath, rt)); // docs/architecture.md's routes

  const handle = inner.callback();

  const middleware = (async (ctx, next) => {
    if (!owns(ctx.path)) return next() as Promise<void>;
    ctx.respond = false; // the inner app writes the response
    await handle(ctx.req, ctx.res);
  }) as BffMiddleware;

  let closing: Promise<void> | undefined;
  Object.defineProperties(middleware, {
    config: { value: config },
    logger: { value: logger },
    metrics: { value: metrics },
    metricsUrl: { value: metricsServer?.listening },
    listener: { value: handle },
    revokeUser: {
      value: async (userId: string) => {
        if (!store.revokeUser) throw new Error('this session store cannot revoke by user');
        const count = await store.revokeUser(userId);
        logger.info(
          { audit: 'signout.revoked', ...auditEnvelope('signout.revoked'), userId, count },
          'sessions revoked',
        );
        return count;
      },
    },
    close: {
      value: () =>
        (closing ??= (async () => {
          rt.responseFloor.close(); // no answer is held any longer (security/response-floor.ts)
          await Promise.allSettled([...connectors.values()].map(({ connector }) => connector.close()));
          await store.close?.();
          await metricsServer?.close();
          await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'trace export failed'));
        })()),
    },
  });
  return middleware;
}

/** A path the BFF does not own: the API's JSON error body and headers, 404 (405 for odd methods such as TRACE). */
function notOurs(owns: (path: string) => boolean): Koa.Middleware {
  return async (ctx, next) => {
    if (owns(ctx.path)) return next() as Promise<void>;
    const error = ['GET', 'HEAD', 'POST', 'OPTIONS'].includes(ctx.method)
      ? new AuthError('not_found')
      : new AuthError('method_not_allowed');
    ctx.set({
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    });
    ctx.status = error.status;
    ctx.body = error.toJSON();
  };
}
