/**
 * The sign-in route of every method of the table (methods.ts: POST /password, /phone, /otp,
 * /token): one handler, one flow (docs/security.md A-07: the same controls on every path).
 *
 *   validate → throttle (count BEFORE the upstream) → growing delay → connector → outcome
 *     ok    → new session id (no fixation), user + upstream tokens server-side, 200 {user}
 *     fail  → 401 with the uniform reason (unknown user = wrong password = locked upstream); a right
 *             password that needs another step (mfa_required / password_reset_required) is a 401
 *             too, counted like a failure and never refunded (docs/security.md A-08); with a
 *             challenge the second step is kept pending (flows.mfa, routes/second-step.ts) and the
 *             401 carries `mfa.methods`; the upstream's own refusals are 400 / 429
 *             invalid_credentials / invalid_code / invalid_token are held until the response floor
 *             (security/response-floor.ts: the upstream's timing must not tell them apart, A-05)
 *     fault → 502/503/504; the attempt still counts unless it provably never left the BFF
 *
 * The account counted is the connector's canonical subject (Connector.subjectOf), so spellings of
 * one identity share one bucket; a client that disconnects mid-call does not cancel the count.
 */
import type Koa from 'koa';
import type { AuthUser, CallContext, VerifyOutcome, VerifySuccess } from '../connectors/connector.js';
import { AuthError } from '../errors.js';
import { parseBody } from '../shared/fields.js';
import { readJsonBody } from '../http/body.js';
import { audit } from '../log/audit.js';
import type { SignInMethod } from '../methods.js';
import { connectorCall, requestState, type BffRuntime, type ConnectorBinding, type Handler } from '../runtime.js';
import type { SignInTicket } from '../security/throttle.js';
import { currentSession, preAuthSession, signIn } from '../session/session.js';
import { countedCheck, ENUMERABLE_REFUSALS, holdRefusal, retryAfter, type AttemptFields } from './attempt.js';
import { gatePhones } from './phone-gate.js';

/** Only the documented, non-secret fields reach the browser (docs/architecture.md "user is normalised"). */
export function normaliseUser(user: AuthUser, provider: string): AuthUser {
  const out: AuthUser = { id: String(user.id), provider };
  for (const key of ['displayName', 'username', 'email', 'phone'] as const) {
    if (typeof user[key] === 'string') out[key] = user[key];
  }
  if (user.attributes && typeof user.attributes === 'object') {
    const attributes: NonNullable<AuthUser['attributes']> = {};
    for (const [k, v] of Object.entries(user.attributes)) {
      if (['string', 'number', 'boolean'].includes(typeof v)) attributes[k] = v;
    }
    out.attributes = attributes;
  }
  return out;
}

export function enabledMethod(rt: BffRuntime, method: string): ConnectorBinding {
  const binding = rt.methods[method];
  if (!binding) throw new AuthError('method_disabled');
  return binding;
}

/**
 * The canonical subject of a method's input: the connector's (E.164 phones, domain-qualified ids...)
 * or the typed value; undefined when the method names no account.
 */
export function subjectOf(
  binding: ConnectorBinding,
  method: string,
  input: Record<string, string>,
  field: string | undefined,
): string | undefined {
  const typed = field === undefined ? undefined : input[field];
  if (typed === undefined) return undefined;
  const named = binding.connector.subjectOf?.(method, input);
  return (named ?? typed).normalize('NFKC').trim().toLowerCase();
}

/** How long a second step stays pending after the first step's challenge (a code's lifetime). */
export const SECOND_STEP_LIFETIME_MS = 5 * 60_000;

/**
 * A verified sign-in, first or second step: the throttle cleared, a NEW session id with the user
 * (no fixation; pre-auth state, a pending second step included, dropped), the audit line, and
 * 200 `{user, notices?}`.
 */
export async function completeSignIn(
  ctx: Koa.Context,
  rt: BffRuntime,
  binding: ConnectorBinding,
  method: string,
  fields: AttemptFields,
  ticket: SignInTicket,
  outcome: VerifySuccess,
): Promise<void> {
  await rt.signIns.succeeded(ticket);
  const user = normaliseUser(outcome.user, binding.connector.type);
  await signIn(
    ctx,
    {
      user,
      method,
      connector: binding.name,
      ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
      ...(Number.isFinite(outcome.expiresAt) ? { upstreamExpiresAt: outcome.expiresAt } : {}),
    },
    rt.now,
  );
  audit(log(ctx), 'signin.success', { ...fields, userId: user.id });
  const notices = (outcome.notices ?? []).filter((n) => n.code === 'password_expires' && Number.isFinite(n.days));
  ctx.body = { user, ...(notices.length ? { notices: notices.map((n) => ({ code: n.code, days: n.days })) } : {}) };
}

const log = (ctx: Koa.Context) => requestState(ctx).log;

interface Attempt {
  method: string;
  /** The canonical account the attempt is counted against (absent for tokens: counted per IP only). */
  subject?: string;
  verify: (binding: ConnectorBinding) => (context: CallContext) => Promise<VerifyOutcome>;
}

async function attemptSignIn(ctx: Koa.Context, rt: BffRuntime, attempt: Attempt): Promise<void> {
  const { method, subject } = attempt;
  const binding = enabledMethod(rt, method);
  const { log, ip } = requestState(ctx);
  const fields = { method, connector: binding.name, ip, ...(subject !== undefined ? { subject } : {}) };

  // Pre-auth state (a code send's moving factor, a captcha) is used only by the same connector
  // for the same subject: a code sent to X is not accepted for Y (docs/security.md B-03).
  const flow = currentSession(ctx)?.flows?.[method];
  const state = flow && flow.connector === binding.name && flow.subject === subject ? flow.state : undefined;
  const { ticket, outcome, startedAt } = await countedCheck(ctx, rt, binding, fields, attempt.verify(binding), state);

  if (outcome.ok) {
    await completeSignIn(ctx, rt, binding, method, fields, ticket, outcome);
    return;
  }

  audit(log, 'signin.failure', { ...fields, reason: outcome.reason });
  if (outcome.detail) log.debug({ connector: binding.name, detail: outcome.detail }, 'upstream refusal detail');
  const challenge = outcome.reason === 'mfa_required' ? outcome.challenge : undefined;
  if (challenge && challenge.methods.length > 0 && connectorCall(binding.connector, 'mfa')) {
    // The second step (routes/second-step.ts): the upstream's step token stays here, server-side.
    const session = preAuthSession(ctx, rt.now);
    const methods = challenge.methods.map((m) => ({ type: m.type, ...(m.target ? { target: m.target } : {}) }));
    session.flows = {
      ...session.flows,
      mfa: {
        connector: binding.name,
        ...(subject !== undefined ? { subject } : {}),
        state: challenge.state,
        challenge: { methods, firstMethod: method, expiresAt: rt.now() + SECOND_STEP_LIFETIME_MS },
      },
    };
    throw new AuthError('mfa_required', {
      message: 'Enter the code of your second sign-in step.',
      extra: { mfa: { methods } },
    });
  }
  if (outcome.state || outcome.captcha || outcome.reason === 'code_expired') {
    const session = preAuthSession(ctx, rt.now);
    const flows = { ...session.flows };
    if (outcome.reason === 'code_expired') delete flows[method];
    else {
      flows[method] = {
        connector: binding.name,
        ...(subject !== undefined ? { subject } : {}),
        ...(outcome.state ? { state: outcome.state } : flow?.state ? { state: flow.state } : {}),
        ...(outcome.captcha
          ? {
              captcha: {
                contentType: outcome.captcha.contentType,
                base64: Buffer.from(outcome.captcha.body).toString('base64'),
              },
            }
          : {}),
      };
    }
    session.flows = flows;
  }
  // After the session writes above, so that the hold covers them too; never a success (returned above).
  if (ENUMERABLE_REFUSALS.has(outcome.reason)) await holdRefusal(ctx, rt, binding, method, startedAt);
  throw new AuthError(outcome.reason, retryAfter(outcome.retryAfterSeconds));
}

/** POST `method.path`: validate the body, then the sign-in flow above with the method's connector call. */
export function signInRoute(method: SignInMethod): Handler {
  return async (ctx, rt) => {
    const parsed = parseBody(method.body, await readJsonBody(ctx)) as Record<string, string>;
    const binding = enabledMethod(rt, method.id);
    // Phone numbers against config `phone` before anything is counted or sent (routes/phone-gate.ts).
    const input = gatePhones(rt, binding, method, parsed);
    const subject = subjectOf(binding, method.id, input, method.subject);
    await attemptSignIn(ctx, rt, {
      method: method.id,
      ...(subject !== undefined ? { subject } : {}),
      verify: (b) => (c) => connectorCall<VerifyOutcome>(b.connector, method.call)!(input, c),
    });
  };
}
