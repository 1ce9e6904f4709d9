/**
 * POST /phone/code and /otp/code: ask the connector to deliver a code (SMS / email).
 * Throttled per destination and per IP with a resend cooldown (SECURITY.md B-06); the answer is
 * the same 202 whether or not the destination belongs to an account. What the connector
 * needs for the check (OpenIAM's moving factor...) is kept server-side in the pre-auth session,
 * bound to this destination (B-03).
 */
import type Koa from 'koa';
import type { CallContext, CodeSent } from '../connectors/connector.js';
import { AuthError } from '../errors.js';
import { bodies, parseBody } from '../http/fields.js';
import { readJsonBody } from '../http/body.js';
import { audit } from '../log/audit.js';
import { requestState, type BffRuntime } from '../runtime.js';
import { accountKey, RateLimited } from '../security/throttle.js';
import { preAuthSession } from '../session/session.js';
import { enabledMethod } from './sign-in.js';
import { callUpstream } from './upstream.js';

async function sendCode(
  ctx: Koa.Context,
  rt: BffRuntime,
  method: 'phone' | 'otp',
  destination: string,
  available: boolean,
  call: (c: CallContext) => Promise<CodeSent>,
): Promise<void> {
  const binding = enabledMethod(rt, method);
  // The method is on but its connector delivers no codes (DIGIPASS OTPs come from a token).
  if (!available) throw new AuthError('not_found');
  const { log, ip } = requestState(ctx);
  const fields = { method, connector: binding.name, ip, subject: destination };
  const key = accountKey(binding.name, destination);

  try {
    await rt.codeSends.begin(key, ip);
  } catch (error) {
    if (error instanceof RateLimited)
      audit(log, 'code.refused', { ...fields, retryAfterSeconds: error.retryAfterSeconds });
    throw error;
  }
  let sent: CodeSent;
  try {
    sent = await callUpstream(ctx, binding, `${method}.code`, call);
  } catch (error) {
    await rt.codeSends.refund(key, ip);
    throw error;
  }

  const session = preAuthSession(ctx, rt.now);
  session.flows = {
    ...session.flows,
    [method]: { connector: binding.name, subject: destination, ...(sent.state ? { state: sent.state } : {}) },
  };
  audit(log, 'code.sent', fields);
  ctx.status = 202;
  ctx.body = { resendAfterSeconds: rt.codeSends.resendAfterSeconds };
}

export async function postPhoneCode(ctx: Koa.Context, rt: BffRuntime): Promise<void> {
  const input = parseBody(bodies.phoneCode, await readJsonBody(ctx));
  const connector = enabledMethod(rt, 'phone').connector;
  await sendCode(ctx, rt, 'phone', input.phone, typeof connector.sendPhoneCode === 'function', (c) =>
    connector.sendPhoneCode!(input, c),
  );
}

export async function postOtpCode(ctx: Koa.Context, rt: BffRuntime): Promise<void> {
  const input = parseBody(bodies.otpCode, await readJsonBody(ctx));
  const connector = enabledMethod(rt, 'otp').connector;
  await sendCode(ctx, rt, 'otp', input.identifier, typeof connector.sendOtpCode === 'function', (c) =>
    connector.sendOtpCode!(input, c),
  );
}
