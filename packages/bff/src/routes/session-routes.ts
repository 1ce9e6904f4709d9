/**
 * GET /config, GET /session, GET /captcha, POST /logout.
 */
import type Koa from 'koa';
import { AuthError } from '../errors.js';
import { z } from 'zod';
import type { MethodHints } from '../connectors/connector.js';
import { parseBody } from '../shared/fields.js';
import { readJsonBody } from '../http/body.js';
import { audit } from '../log/audit.js';
import { connectorCall, requestState, type BffRuntime } from '../runtime.js';
import { firstSteps } from '../methods.js';
import { currentSession, sessionExpiresAt, signOut } from '../session/session.js';
import { callUpstream } from './upstream.js';

/** What the widget needs to draw its tabs; nothing about the upstream systems themselves. */
export function getConfig(ctx: Koa.Context, rt: BffRuntime): void {
  const methods = [];
  for (const { id, code } of firstSteps(rt.signInMethods)) {
    const binding = rt.methods[id];
    if (!binding) continue;
    const hints: MethodHints =
      (binding.connector.hints as Partial<Record<string, MethodHints>> | undefined)?.[id] ?? {};
    const sendsCodes =
      code !== undefined && (!code.optional || connectorCall(binding.connector, code.call) !== undefined);
    methods.push({
      id,
      ...(hints.identifiers ? { identifiers: hints.identifiers } : {}),
      ...(hints.codeLength ? { codeLength: hints.codeLength } : {}),
      ...(sendsCodes ? { resendAfterSeconds: rt.codeSends.resendAfterSeconds } : {}),
      // The OTP tab's Domain field default (DIGIPASS `domain`).
      ...(typeof hints.domain === 'string' && hints.domain ? { domain: hints.domain } : {}),
    });
  }
  // The phone tab's country picker (docs/architecture.md "The HTTP API"): only what is configured.
  const { defaultCountry, countries } = rt.config.phone ?? {};
  const phone = {
    ...(defaultCountry ? { defaultCountry } : {}),
    ...(countries ? { countries: [...countries] } : {}),
  };
  ctx.body = { methods, ...(defaultCountry || countries ? { phone } : {}) };
}

export function getSession(ctx: Koa.Context, rt: BffRuntime): void {
  const session = currentSession(ctx);
  if (!session?.user) {
    ctx.body = { authenticated: false };
    return;
  }
  const expiresAt = sessionExpiresAt(session, rt.config.session);
  ctx.body = {
    authenticated: true,
    user: session.user,
    method: session.method,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

const logoutBody = z.object({}).strict();

const CAPTCHA_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The captcha image an upstream asked for, relayed while the password flow has one pending. */
export function getCaptcha(ctx: Koa.Context): void {
  const captcha = currentSession(ctx)?.flows?.password?.captcha;
  if (!captcha || !CAPTCHA_TYPES.has(captcha.contentType)) throw new AuthError('not_found');
  ctx.type = captcha.contentType;
  ctx.body = Buffer.from(captcha.base64, 'base64');
}

/** Ends the upstream session where there is one (best effort), then destroys ours. */
export async function postLogout(ctx: Koa.Context, rt: BffRuntime): Promise<void> {
  parseBody(logoutBody, await readJsonBody(ctx, { allowEmpty: true }));
  const session = currentSession(ctx);
  const { log, ip } = requestState(ctx);
  if (session?.user) {
    const binding = session.connector ? rt.connectors.get(session.connector) : undefined;
    if (binding?.connector.logout && session.upstream) {
      const upstream = session.upstream;
      await callUpstream(ctx, binding, 'logout', (c) => binding.connector.logout!(upstream, c)).catch(() => undefined);
    }
    audit(log, 'signout', { method: session.method, connector: session.connector, userId: session.user.id, ip });
  }
  signOut(ctx);
  ctx.status = 204;
}
