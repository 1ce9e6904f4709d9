/**
 * CSRF and CORS (docs/architecture.md; docs/security.md E-01, E-02).
 *
 * Every state-changing request (anything but GET/HEAD/OPTIONS) must carry `X-CSRF: 1`: a header
 * a cross-site page can only send after a CORS preflight we refuse. When the browser sends an
 * `Origin`, it must be exactly one of `allowedOrigins`; `Sec-Fetch-Site: cross-site` from any
 * other origin is refused too. Login and logout included (login CSRF).
 *
 * CORS answers only the allowed origins, with credentials, never `*`, always `Vary: Origin`.
 */
import type Koa from 'koa';
import { AuthError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cors(allowedOrigins: readonly string[]): Koa.Middleware {
  const allowed = new Set(allowedOrigins);
  return async (ctx, next) => {
    ctx.vary('Origin');
    const origin = ctx.get('Origin');
    const ok = origin !== '' && allowed.has(origin);
    if (ok) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
    }
    if (ctx.method === 'OPTIONS') {
      // A preflight: answer it here; only an allowed origin gets the grants.
      if (ok) {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST');
        ctx.set('Access-Control-Allow-Headers', 'Content-Type, X-CSRF');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.set('Allow', 'GET, POST, OPTIONS');
      ctx.status = 204;
      return;
    }
    await next();
  };
}

export function csrfGuard(
  allowedOrigins: readonly string[],
  onReject: (ctx: Koa.Context, why: string) => void,
): Koa.Middleware {
  const allowed = new Set(allowedOrigins);
  return async (ctx, next) => {
    if (!SAFE_METHODS.has(ctx.method)) {
      const origin = ctx.get('Origin');
      const originOk = origin === '' || allowed.has(origin);
      const fetchSiteOk = ctx.get('Sec-Fetch-Site') !== 'cross-site' || (origin !== '' && allowed.has(origin));
      const why =
        ctx.get('X-CSRF') !== '1'
          ? 'missing X-CSRF'
          : !originOk
            ? 'origin not allowed'
            : !fetchSiteOk
              ? 'cross-site fetch'
              : '';
      if (why) {
        onReject(ctx, why);
        throw new AuthError('csrf_rejected');
      }
    }
    await next();
  };
}
