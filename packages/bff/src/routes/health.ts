/**
 * GET /healthz (the process is up) and GET /readyz (every configured connector answers its
 * ready() within its timeout). Outside basePath, no session, no CSRF. The body says only
 * ready or not: which upstream failed, and why, goes to the log (docs/security.md H-03).
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

/** Per runtime: each connector's last probe (its start time and its shared result). */
const probes = new WeakMap<BffRuntime, Map<string, { at: number; ready: Promise<boolean> }>>();

export async function readyz(ctx: Koa.Context, rt: BffRuntime): Promise<void> {
  const { log } = requestState(ctx);
  let cache = probes.get(rt);
  if (!cache) probes.set(rt, (cache = new Map<string, { at: number; ready: Promise<boolean> }>()));
  const cacheMs = rt.readyCacheMs ?? 5_000;
  const checks = [...rt.connectors.values()].map((binding) => {
    const now = rt.now();
    const cached = cache.get(binding.name);
    if (cached && now - cached.at < cacheMs) return cached.ready;
    const ready = probe(binding, log);
    cache.set(binding.name, { at: now, ready });
    return ready;
  });
  // The shared session/throttling store (Redis): without it every sign-in fails closed (503).
  const storeReady = rt.store.ready?.().then(
    () => true,
    (error: unknown) => (
      log.warn(
        { store: 'session', detail: error instanceof Error ? error.message : 'not ready' },
        'session store not ready',
      ),
      false
    ),
  );
  if (storeReady) checks.push(storeReady);
  const ready = (await Promise.all(checks)).every(Boolean);
  ctx.status = ready ? 200 : 503;
  ctx.body = { status: ready ? 'ready' : 'not_ready' };
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
