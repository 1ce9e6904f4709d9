/**
 * The counted steps every sign-in and code-send route shares (routes/sign-in.ts, codes.ts,
 * second-step.ts), so that the throttling rules are written once (docs/security.md A-01…A-04, B-06):
 *
 * - an attempt or a send is counted BEFORE the upstream may see it, and a refusal is audited;
 * - it is given back only when the call provably never left the BFF (`neverSent`);
 * - the upstream's own refusal of a send (a number it cannot use, sent too often) is the client's
 *   400 / 429, counted like a send.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type Koa from 'koa';
import type { CallContext, CodeSendOutcome, CodeSent, ConnectorState, VerifyOutcome } from '../connectors/connector.js';
import { AuthError } from '../errors.js';
import { audit } from '../log/audit.js';
import { requestState, type BffRuntime, type ConnectorBinding } from '../runtime.js';
import { accountKey, RateLimited, type SignInTicket } from '../security/throttle.js';
import { callUpstream, neverSent } from './upstream.js';

/** What the audit lines of one attempt or send carry (the subject is hashed by log/audit.ts). */
export interface AttemptFields {
  method: string;
  connector: string;
  ip: string;
  subject?: string;
}

/** `Retry-After` for an upstream's or a limiter's "not yet", in whole seconds (at least 1). */
export function retryAfter(seconds: number | undefined): { headers?: Record<string, string> } {
  return seconds === undefined ? {} : { headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) } };
}

/**
 * One sign-in check against the upstream, counted per account + client and per IP: consumed first
 * (429 `signin.locked` when refused, then the growing delay), refunded only if it never left.
 */
export async function countedCheck(
  ctx: Koa.Context,
  rt: BffRuntime,
  binding: ConnectorBinding,
  fields: AttemptFields,
  call: (context: CallContext) => Promise<VerifyOutcome>,
  state?: ConnectorState,
): Promise<{ ticket: SignInTicket; outcome: VerifyOutcome }> {
  const { log, ip } = requestState(ctx);
  let ticket: SignInTicket;
  try {
    ticket = await rt.signIns.begin(
      fields.subject !== undefined ? accountKey(binding.name, fields.subject) : undefined,
      ip,
    );
  } catch (error) {
    if (error instanceof RateLimited)
      audit(log, 'signin.locked', { ...fields, retryAfterSeconds: error.retryAfterSeconds });
    throw error;
  }
  if (ticket.delayMs > 0) await sleep(ticket.delayMs);
  try {
    return { ticket, outcome: await callUpstream(ctx, binding, fields.method, call, state) };
  } catch (error) {
    // Counted from the moment the upstream may have seen it (docs/security.md A-04).
    if (neverSent(error)) await rt.signIns.refund(ticket);
    throw error;
  }
}

/**
 * One code send, under the code-send limits of `key` (per destination, per IP, resend delay):
 * resolves when the upstream sent it; throws 429 when a limit refuses, the upstream's own refusal
 * as 400 / 429, or the upstream fault.
 */
export async function countedSend(
  ctx: Koa.Context,
  rt: BffRuntime,
  binding: ConnectorBinding,
  key: string,
  fields: AttemptFields,
  call: (context: CallContext) => Promise<CodeSendOutcome>,
  state?: ConnectorState,
): Promise<CodeSent> {
  const { log, ip } = requestState(ctx);
  try {
    await rt.codeSends.begin(key, ip);
  } catch (error) {
    if (error instanceof RateLimited)
      audit(log, 'code.refused', { ...fields, retryAfterSeconds: error.retryAfterSeconds });
    throw error;
  }
  let sent: CodeSendOutcome;
  try {
    sent = await callUpstream(ctx, binding, `${fields.method}.code`, call, state);
  } catch (error) {
    // A send counts once it may have left (docs/security.md A-04, B-06).
    if (neverSent(error)) await rt.codeSends.refund(key, ip);
    throw error;
  }
  if (sent.ok) return sent;
  audit(log, 'code.refused', {
    ...fields,
    reason: sent.reason,
    ...(sent.retryAfterSeconds !== undefined ? { retryAfterSeconds: sent.retryAfterSeconds } : {}),
  });
  if (sent.detail) log.debug({ connector: binding.name, detail: sent.detail }, 'upstream refusal detail');
  throw new AuthError(sent.reason, retryAfter(sent.retryAfterSeconds));
}
