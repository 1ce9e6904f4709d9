/**
 * The API of DESIGN.md, path → method → handler, under basePath. An unknown path is 404
 * not_found; a known path with another method is 405 (with Allow): TRACE and friends included.
 */
import type Koa from 'koa';
import { AuthError } from '../errors.js';
import type { BffRuntime, Handler } from '../runtime.js';
import { postOtpCode, postPhoneCode } from './codes.js';
import { getCaptcha, getConfig, getSession, postLogout } from './session-routes.js';
import { postOtp, postPassword, postPhone, postToken } from './sign-in.js';

export const API: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
  '/config': { GET: getConfig },
  '/session': { GET: getSession },
  '/password': { POST: postPassword },
  '/captcha': { GET: getCaptcha },
  '/phone/code': { POST: postPhoneCode },
  '/phone': { POST: postPhone },
  '/otp/code': { POST: postOtpCode },
  '/otp': { POST: postOtp },
  '/token': { POST: postToken },
  '/logout': { POST: postLogout },
};

export function apiRouter(basePath: string, rt: BffRuntime): Koa.Middleware {
  const prefix = basePath === '/' ? '' : basePath;
  return async (ctx) => {
    const path = ctx.path.slice(prefix.length) || '/';
    const route = Object.hasOwn(API, path) ? API[path] : undefined;
    if (!route) throw new AuthError('not_found');
    // HEAD is GET without a body (Koa drops the body for HEAD).
    const handler = route[(ctx.method === 'HEAD' ? 'GET' : ctx.method) as 'GET' | 'POST'];
    if (!handler) {
      ctx.set('Allow', Object.keys(route).join(', '));
      throw new AuthError('method_not_allowed');
    }
    await handler(ctx, rt);
  };
}
