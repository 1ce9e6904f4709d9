/**
 * Response headers for every BFF response (docs/security.md I-01, H-03): nothing here is cacheable,
 * sniffable, frameable or referrer-leaking. HSTS only on TLS (a browser ignores it over HTTP).
 */
import type Koa from 'koa';

export function securityHeaders(isSecure: (ctx: Koa.Context) => boolean): Koa.Middleware {
  return async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Pragma', 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    ctx.set('Cross-Origin-Resource-Policy', 'same-site');
    if (isSecure(ctx)) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    ctx.remove('X-Powered-By');
    await next();
  };
}
