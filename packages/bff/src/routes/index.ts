/**
 * The API of docs/architecture.md, path → method → handler, under basePath: the fixed routes below plus,
 * for each sign-in method of the table (methods.ts), its sign-in route and its code-send route.
 * An unknown path is 404 not_found; a known path with another method is 405 (with Allow):
 * TRACE and friends included.
 */
import type Koa from 'koa';
import { AuthError } from '../errors.js';
import type { CodeStep, SignInMethod } from '../methods.js';
import type { BffRuntime, Handler } from '../runtime.js';
import { observedCodeSend, observedSignIn } from '../http/observe.js';
import { codeRoute } from './codes.js';
import { getCaptcha, getConfig, getSession, postLogout } from './session-routes.js';
import { secondStepCodeRoute, secondStepRoute } from './second-step.js';
import { signInRoute } from './sign-in.js';

export type ApiTable = Record<string, Partial<Record<'GET' | 'POST', Handler>>>;

/** Every route of the API for a method table. */
export function apiRoutes(methods: readonly SignInMethod[]): ApiTable {
  const api: ApiTable = { '/config': { GET: getConfig }, '/session': { GET: getSession } };
  const add = (path: string, route: ApiTable[string]) => {
    if (Object.hasOwn(api, path)) throw new Error(`two routes for ${path} in the method table`);
    api[path] = route;
  };
  for (const method of methods) {
    const second = method.secondStep === true;
    add(method.path, { POST: observedSignIn(method.id, (second ? secondStepRoute : signInRoute)(method)) });
    if (method.code) {
      const withCode = method as SignInMethod & { code: CodeStep };
      add(method.code.path, {
        POST: observedCodeSend(method.id, (second ? secondStepCodeRoute : codeRoute)(withCode)),
      });
    }
  }
  add('/captcha', { GET: getCaptcha });
  add('/logout', { POST: postLogout });
  return api;
}

export function apiRouter(basePath: string, rt: BffRuntime): Koa.Middleware {
  const prefix = basePath === '/' ? '' : basePath;
  const api = apiRoutes(rt.signInMethods);
  return async (ctx) => {
    const path = ctx.path.slice(prefix.length) || '/';
    const route = Object.hasOwn(api, path) ? api[path] : undefined;
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
