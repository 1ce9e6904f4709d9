/**
 * The session cookie, handled here and nowhere else.
 *
 * Why not Koa's `ctx.cookies` + `app.keys`: `createBff` is middleware in SOMEONE ELSE's app, so
 * it must not depend on (or change) their `app.keys`, and the `cookies` package refuses a
 * `Secure` cookie when TLS ends at a proxy. So the BFF signs the id itself, Keygrip-style:
 * HMAC-SHA256 with the NEWEST secret; every listed secret still verifies (rotation, docs/security.md
 * H-02). A cookie verified by an older secret is re-issued signed with the newest.
 *
 * Attributes (docs/architecture.md, docs/security.md D-01): `__Host-` name, Secure, HttpOnly, SameSite=Strict
 * (or Lax), Path=/, no Domain, no Max-Age/Expires (the server enforces the timeouts, D-03).
 * The value is `<id>.<signature>`: id = 32 CSPRNG bytes (256 bits, C-02), both base64url.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

export interface CookiePolicy {
  name: string;
  secure: boolean;
  sameSite: 'strict' | 'lax';
  /** Signing secrets, newest first. */
  secrets: string[];
}

/** 256-bit opaque session id (koa-session `genid`). */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `secure: true` (the default) always gets the `__Host-` prefix, whatever name is configured
 * (`sid` → `__Host-sid`, `__Secure-sid` → `__Host-sid`): the browser then refuses the cookie from
 * a sibling subdomain or plain HTTP, and with a Domain or a Path other than `/` (docs/security.md
 * D-01). `secure: false` drops the prefix: browsers refuse it without Secure.
 */
export function effectiveCookieName(name: string, secure: boolean): string {
  const bare = name.replace(/^__(Host|Secure)-/i, '');
  return secure ? `__Host-${bare || 'auth'}` : bare || 'auth';
}

function sign(secret: string, name: string, id: string): Buffer {
  return createHmac('sha256', secret).update(`${name}=${id}`).digest();
}

export function signValue(policy: CookiePolicy, id: string): string {
  return `${id}.${sign(policy.secrets[0]!, policy.name, id).toString('base64url')}`;
}

/** The id if the signature verifies with any secret; which secret (0 = newest) verified it. */
export function verifyValue(policy: CookiePolicy, value: string): { id: string; keyIndex: number } | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || value.length > 200) return undefined;
  const id = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  const given = Buffer.from(signature, 'base64url');
  // Canonical encodings only: base64url's last character carries spare bits a decoder ignores.
  if (!/^[A-Za-z0-9_-]{43}$/.test(id) || given.length !== 32 || given.toString('base64url') !== signature)
    return undefined;
  for (const [keyIndex, secret] of policy.secrets.entries()) {
    if (timingSafeEqual(given, sign(secret, policy.name, id))) return { id, keyIndex };
  }
  return undefined;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function serializeCookie(policy: CookiePolicy, value: string, remove = false): string {
  const attributes = [
    `${policy.name}=${value}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${policy.sameSite === 'lax' ? 'Lax' : 'Strict'}`,
  ];
  if (policy.secure) attributes.push('Secure');
  if (remove) attributes.push('Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  return attributes.join('; ');
}

function setCookieHeader(ctx: Context, policy: CookiePolicy, cookie: string): void {
  // Overwrite an earlier Set-Cookie for the same name in this response (regenerate = remove + set).
  const existing = ctx.response.get('Set-Cookie') as string | string[] | undefined;
  const others = (Array.isArray(existing) ? existing : existing ? [existing] : []).filter(
    (c) => !c.startsWith(`${policy.name}=`),
  );
  ctx.set('Set-Cookie', [...others, cookie]);
}

/**
 * The `ctx.cookies` koa-session sees inside the BFF: get() returns the VERIFIED id (or nothing),
 * set() signs. koa-session's own options (maxAge, secure...) are ignored on purpose: this policy wins.
 */
export function cookieJar(ctx: Context, policy: CookiePolicy): Pick<Context['cookies'], 'get' | 'set'> {
  return {
    get(name: string) {
      if (name !== policy.name) return undefined;
      const raw = readCookie(ctx.get('Cookie'), name);
      const verified = raw ? verifyValue(policy, raw) : undefined;
      if (verified && verified.keyIndex > 0)
        setCookieHeader(ctx, policy, serializeCookie(policy, signValue(policy, verified.id)));
      return verified?.id;
    },
    set(name: string, value?: string | null) {
      if (name !== policy.name) throw new Error('the BFF sets only its session cookie');
      setCookieHeader(
        ctx,
        policy,
        value ? serializeCookie(policy, signValue(policy, value)) : serializeCookie(policy, '', true),
      );
      return this as Context['cookies'];
    },
  };
}
