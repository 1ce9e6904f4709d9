/**
 * GET /healthz (the process is up) and GET /readyz (every configured connector answers its
 * ready() within its timeout). Outside basePath, no session, no CSRF. The body says only
 * ready or not: which upstream failed, and why, goes to the log (docs/security.md H-03).
 */
import type Koa from 'koa';
import { requestState, type BffRuntime } from '../runtime.js';

export function healthz(ctx: Koa.Context): void {
  ctx.body = { status: 'ok' };
}

export async function readyz(ctx: Koa.Context, rt: BffRuntime): Promise<void> {
  const { log } = requestState(ctx);
  const checks = [...rt.connectors.values()].map(async ({ name, connector, timeout }) => {
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
      log.warn(
        { connector: name, detail: error instanceof Error ? error.message : 'not ready' },
        'connector not ready',
      );
      return false;
    }
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
