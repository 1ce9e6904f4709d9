/**
 * The counted steps every sign-in and code-send route shares (routes/sign-in.ts, codes.ts,
 * second-step.ts), so that the throttling rules are written once (docs/security.md A-01…A-04, B-06):
 *
 * - an attempt or a send is counted BEFORE the upstream may see it, and a refusal is audited;
 * - it is given back only when the call provably never left the BFF (`neverSent`);
 * - the upstream's own refusal of a send (a number it cannot use, sent too often) is the client's
 *   400 / 429, counted like a send;
 * - the upstream call's duration feeds the response floor of that connector + call, and a refusal
 *   a client could enumerate with is held until the floor (holdRefusal; security/response-floor.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type Koa from 'koa';
import type {
  CallContext,
  CodeSendOutcome,
  CodeSent,
  ConnectorState,
  FailureReason,
  VerifyOutcome,
} from '../connectors/connector.js';
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

/** The refusals that look the same for an unknown and a known account: held until the floor. */
export const ENUMERABLE_REFUSALS: ReadonlySet<FailureReason> = new Set([
  'invalid_credentials',
  'invalid_code',
  'invalid_token',
]);

/** The response-floor key of a connector's call (`bw\0password`, `iam\0otp.code`). */
const floorKey = (binding: ConnectorBinding, call: string) => `${binding.name}\0${call}`;

/**
 * Holds an answer until the response floor of `call` (a sign-in method id, or `<method>.code`)
 * has passed since `startedAt`, the moment its upstream call began (security/response-floor.ts).
 */
export function holdRefusal(
  ctx: Koa.Context,
  rt: BffRuntime,
  binding: ConnectorBinding,
  call: string,
  startedAt: number,
): Promise<void> {
  return rt.responseFloor.hold(ctx, floorKey(binding, call), startedAt);
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
): Promise<{ ticket: SignInTicket; outcome: VerifyOutcome; startedAt: number }> {
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
  const startedAt = performance.now();
  try {
    const outcome = await callUpstream(ctx, binding, fields.method, call, state);
    // A right password that needs another step took the account's path upstream, like a success.
    const through = outcome.ok || outcome.reason === 'mfa_required' || outcome.reason === 'password_reset_required';
    rt.responseFloor.record(
      floorKey(binding, fields.method),
      through ? 'through' : 'refused',
      performance.now() - startedAt,
    );
    return { ticket, outcome, startedAt };
  } catch (error) {
    // Counted from the moment the upstream may have seen it (docs/security.md A-04).
    if (neverSent(error)) await rt.signIns.refund(ticket);
    throw error;
  }
}

/**
 * One code send, under the code-send limits of `key` (per destination, per IP, resend delay):
 * resolves when the upstream sent it (with when its upstream call began, for holdRefusal); throws 429 when a limit refuses, the upstream's own refusal
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
): Promise<CodeSent & { startedAt: number }> {
  const { log, ip } = requestState(ctx);
  try {
    await rt.codeSends.begin(key, ip);
  } catch (error) {
    if (error instanceof RateLimited)
      audit(log, 'code.refused', { ...fields, retryAfterSeconds: error.retryAfterSeconds });
    throw error;
  }
  let sent: CodeSendOutcome;
  const startedAt = performance.now();
  try {
    sent = await callUpstream(ctx, binding, `${fields.method}.code`, call, state);
    rt.responseFloor.record(
      floorKey(binding, `${fields.method}.code`),
      sent.ok && sent.delivered !== false ? 'through' : 'refused',
      performance.now() - startedAt,
    );
  } catch (error) {
    // A send counts once it may have left (docs/security.md A-04, B-06).
    if (neverSent(error)) await rt.codeSends.refund(key, ip);
    throw error;
  }
  if (sent.ok) return { ...sent, startedAt };
  audit(log, 'code.refused', {
    ...fields,
    reason: sent.reason,
    ...(sent.retryAfterSeconds !== undefined ? { retryAfterSeconds: sent.retryAfterSeconds } : {}),
  });
  if (sent.detail) log.debug({ connector: binding.name, detail: sent.detail }, 'upstream refusal detail');
  throw new AuthError(sent.reason, retryAfter(sent.retryAfterSeconds));
}
