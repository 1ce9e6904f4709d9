/**
 * Sessions: koa-session with an external store, scoped to the BFF's own inner Koa app (app.ts),
 * so it neither needs nor touches the host app's `app.keys` or its own koa-session.
 *
 * - The cookie holds only a signed 256-bit id (cookie.ts); the record lives in the store.
 * - Strict mode (docs/security.md C-01): an id the store does not know is never adopted; koa-session
 *   then makes a new one with our `genid`.
 * - Idle and absolute timeouts are enforced here, on the server (C-04, D-03): a record whose
 *   `lastSeen` or `createdAt` is too old is destroyed when it is read, and the store TTL is
 *   min(idle, what is left of the absolute lifetime).
 * - A request in flight while the session was destroyed cannot re-create it (T06c): writes to a
 *   loaded id use `mustExist`.
 * - `signIn` regenerates the id (no fixation) and drops pre-auth state; `signOut` destroys it.
 */
import type Koa from 'koa';
import createSession, { type CreateSessionOptions } from 'koa-session';
import { cookieJar, effectiveCookieName, newSessionId, type CookiePolicy } from './cookie.js';
import type { SessionRecord, SessionStore } from './store.js';

export interface SessionSettings {
  secrets: string[];
  idleTimeout: number;
  absoluteTimeout: number;
  cookie: { name: string; sameSite: 'strict' | 'lax'; secure: boolean };
}

const LOADED_ID = Symbol('bff.loadedSessionId');
export const PRE_AUTH_LIFETIME_MS = 10 * 60_000;
type SessionCtx = Koa.Context & {
  session: (SessionRecord & { regenerate(): Promise<void> }) | null;
  [LOADED_ID]?: string;
};

/**
 * When a session ends (ms since the epoch): THE one rule, used to expire it, as its store TTL and
 * by GET /session. The earliest of: idle timeout after it was last seen; absolute timeout after
 * it began; for a pre-auth session (a code sent, a captcha pending; no user yet) 10 minutes after
 * it began (an out-of-band code is not valid longer: NIST SP 800-63B §5.1.3.2, docs/security.md B-01);
 * for a signed-in one, when its upstream credential ends (docs/security.md C-07).
 */
export function sessionExpiresAt(
  record: Pick<SessionRecord, 'createdAt' | 'lastSeen' | 'user' | 'upstreamExpiresAt'>,
  settings: Pick<SessionSettings, 'idleTimeout' | 'absoluteTimeout'>,
): number {
  const lifetime = record.user ? settings.absoluteTimeout : Math.min(settings.absoluteTimeout, PRE_AUTH_LIFETIME_MS);
  const upstreamEnd = record.user && typeof record.upstreamExpiresAt === 'number' ? record.upstreamExpiresAt : Infinity;
  return Math.min(record.lastSeen + settings.idleTimeout, record.createdAt + lifetime, upstreamEnd);
}

export function cookiePolicyOf(settings: SessionSettings): CookiePolicy {
  return {
    name: effectiveCookieName(settings.cookie.name, settings.cookie.secure),
    secure: settings.cookie.secure,
    sameSite: settings.cookie.sameSite,
    secrets: settings.secrets,
  };
}

/** Middleware for the BFF's inner app: installs the cookie jar, then koa-session. */
export function sessionMiddleware(
  app: Koa,
  settings: SessionSettings,
  store: SessionStore,
  now: () => number,
): Koa.Middleware {
  const policy = cookiePolicyOf(settings);
  const expired = (record: SessionRecord) => now() >= sessionExpiresAt(record, settings);
  const touchAfter = Math.min(60_000, settings.idleTimeout / 10);
  const ttlOf = (record: SessionRecord) => sessionExpiresAt(record, settings) - now();

  const koaSession = createSession(
    {
      key: policy.name,
      signed: false, // cookie.ts signs; koa-session's signing would depend on app.keys
      httpOnly: true,
      maxAge: settings.absoluteTimeout,
      autoCommit: true,
      rolling: false,
      renew: false,
      genid: () => newSessionId(),
      store: {
        get: async (id: string, _maxAge: number, { ctx }: { ctx: SessionCtx }) => {
          const record = await store.get(id);
          if (!record || typeof record.createdAt !== 'number' || typeof record.lastSeen !== 'number') return undefined;
          if (expired(record)) {
            await store.destroy(id);
            return undefined;
          }
          ctx[LOADED_ID] = id;
          return record;
        },
        set: async (id: string, record: SessionRecord, _maxAge: number, { ctx }: { ctx: SessionCtx }) => {
          if (typeof record.createdAt !== 'number') return; // nothing worth keeping
          await store.set(id, record, ttlOf(record), { mustExist: ctx[LOADED_ID] === id });
        },
        destroy: async (id: string) => store.destroy(id),
      },
    } as unknown as CreateSessionOptions,
    app,
  );

  return async (ctx, next) => {
    // Our own jar (cookie.ts) in place of Koa's for this inner context only.
    (ctx as { cookies: unknown }).cookies = cookieJar(ctx, policy);
    await koaSession(ctx, async () => {
      const session = (ctx as SessionCtx).session;
      // Refresh lastSeen only once it is a little stale: an unchanged session is not written back
      // (no store write, no Set-Cookie), which keeps GET /session cheap. A session can then end
      // up to `touchAfter` before its exact idle deadline, never after it.
      if (session && typeof session.createdAt === 'number' && now() - session.lastSeen >= touchAfter)
        session.lastSeen = now();
      await next();
    });
  };
}

/** The current session record, if one exists (anonymous visitors have none). */
export function currentSession(ctx: Koa.Context): SessionRecord | undefined {
  const session = (ctx as SessionCtx).session;
  return session && typeof session.createdAt === 'number' ? session : undefined;
}

/** The session to keep pre-auth flow state in (created on first use). */
export function preAuthSession(ctx: Koa.Context, now: () => number): SessionRecord {
  const session = (ctx as SessionCtx).session!;
  if (typeof session.createdAt !== 'number') {
    session.createdAt = now();
    session.lastSeen = now();
  }
  return session;
}

/** Sign-in: a fresh record under a NEW id; the old id (and its pre-auth state) is destroyed. */
export async function signIn(
  ctx: Koa.Context,
  record: Omit<SessionRecord, 'createdAt' | 'lastSeen'>,
  now: () => number,
): Promise<void> {
  const c = ctx as SessionCtx;
  c.session = { ...record, createdAt: now(), lastSeen: now() } as SessionCtx['session'];
  await c.session!.regenerate();
}

/** Sign-out: the record is destroyed server-side and the cookie cleared. */
export function signOut(ctx: Koa.Context): void {
  (ctx as SessionCtx).session = null;
}
