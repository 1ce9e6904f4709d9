/**
 * GET /healthz (the process is up) and GET /readyz (the instance can sign someone in).
 * Outside basePath, no session, no CSRF.
 *
 * /readyz is 503 when the session store is down (its ready() rejects: Redis unreachable) or when
 * no configured sign-in method has a reachable connector (nor when no method is configured);
 * 200 otherwise. Some methods down is still ready (the load balancer keeps the instance: the other
 * methods work), and the body says which. It names things by the operator's names only: the method
 * ids, the connector names of the config, `store`. Why a probe failed (error text, host names,
 * addresses) goes to the log only (docs/security.md H-03):
 *
 *   {"status":"ready","store":"up","methods":{"password":"up","phone":"down"},"connectors":{"bw":"up","au":"down"}}
 *
 * /readyz is unauthenticated, so it must not be a way to hammer the upstreams: each connector's
 * probe is reused for `readyCacheMs` (default 5 s; concurrent requests share one probe in
 * flight), so N requests make at most one probe per connector per window. The probe never feeds
 * the circuit breaker, nor reads it (call-policy.ts `withCallPolicy`).
 */
import type Koa from 'koa';
import type { Logger } from 'pino';
import { requestState, type BffRuntime, type ConnectorBinding } from '../runtime.js';

export function healthz(ctx: Koa.Context): void {
  ctx.body = { status: 'ok' };
}

type UpDown = 'up' | 'down';

/** The body of GET /readyz (packages/bff/openapi.yaml `Readiness`). */
export interface Readiness {
  status: 'ready' | 'not_ready';
  /** The session / throttling store (`up` for the in-memory store). */
  store: UpDown;
  /** Each configured sign-in method: `up` when its connector's probe succeeded. */
  methods: Record<string, UpDown>;
  /** Each connector, by its name in the config. */
  connectors: Record<string, UpDown>;
}

/** Per runtime: each connector's last probe (its start time and its shared result). */
const probes = new WeakMap<BffRuntime, Map<string, { at: number; ready: Promise<boolean> }>>();

export async function readyz(ctx: Koa.Context, rt: BffRuntime): Promise<void> {
  const { log } = requestState(ctx);
  let cache = probes.get(rt);
  if (!cache) probes.set(rt, (cache = new Map<string, { at: number; ready: Promise<boolean> }>()));
  const cacheMs = rt.readyCacheMs ?? 5_000;
  const bindings = [...rt.connectors.values()];
  const checks = bindings.map((binding) => {
    const now = rt.now();
    const cached = cache.get(binding.name);
    if (cached && now - cached.at < cacheMs) return cached.ready;
    const ready = probe(binding, log);
    cache.set(binding.name, { at: now, ready });
    return ready;
  });
  // The shared session/throttling store (Redis): without it every sign-in fails closed (503).
  const storeReady = rt.store.ready
    ? rt.store.ready().then(
        () => true,
        (error: unknown) => (
          log.warn(
            { store: 'session', detail: error instanceof Error ? error.message : 'not ready' },
            'session store not ready',
          ),
          false
        ),
      )
    : Promise.resolve(true);
  const [store, ...results] = await Promise.all([storeReady, ...checks]);
  const upDown = (up: boolean | undefined): UpDown => (up ? 'up' : 'down');
  const connectors: Record<string, UpDown> = {};
  bindings.forEach(({ name }, i) => (connectors[name] = upDown(results[i])));
  const methods: Record<string, UpDown> = {};
  for (const [id, binding] of Object.entries(rt.methods)) {
    if (binding) methods[id] = connectors[binding.name] ?? 'down';
  }
  const someMethod = Object.values(methods).includes('up');
  const ready = Boolean(store) && someMethod;
  if (ready && Object.values(methods).includes('down')) {
    const down = Object.keys(methods).filter((id) => methods[id] === 'down');
    log.warn({ methods: down }, 'ready with some sign-in methods down');
  } else if (!ready && store && !Object.keys(methods).length) {
    log.warn('not ready: no sign-in method is configured');
  }
  const body: Readiness = { status: ready ? 'ready' : 'not_ready', store: upDown(store), methods, connectors };
  ctx.status = ready ? 200 : 503;
  ctx.body = body;
}

/** One probe of one connector, bounded by its timeout (5 s at most); failures only logged. */
async function probe({ name, connector, timeout }: ConnectorBinding, log: Logger): Promise<boolean> {
  const signal = AbortSignal.timeout(Math.min(timeout, 5_000));
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(new Error('timeout')), { once: true }),
  );
  aborted.catch(() => undefined);
  const pending = Promise.resolve().then(() => connector.ready({ signal }));
  pending.catch(() => undefined);
  try {
    await Promise.race([pending, aborted]);
    return true;
  } catch (error) {
    log.warn({ connector: name, detail: error instanceof Error ? error.message : 'not ready' }, 'connector not ready');
    return false;
  }
}
