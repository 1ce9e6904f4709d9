/**
 * The second step of a sign-in (methods.ts `secondStep`: POST /mfa and POST /mfa/code), after a
 * first step's connector answered a challenge (connector.ts Challenge; routes/sign-in.ts keeps it
 * as the pending flow `flows.mfa`, server-side, with the upstream's step token in its state).
 *
 *   POST /mfa {method, code}   → the connector's `mfa` call with the pending state
 *     ok   → exactly as a one-step sign-in (completeSignIn: new session id, audit, 200 {user})
 *     fail → 401 invalid_code (the step stays pending); the step's token dead upstream → 401
 *            mfa_not_pending (the step ends)
 *   POST /mfa/code {method}    → the connector's `sendMfaCode`, under the code-send limits → 202
 *
 * No pending step, an expired one (SECOND_STEP_LIFETIME_MS) or a used one (the sign-in replaced the
 * session) is 401 `mfa_not_pending`. A method the challenge did not offer is 400. Every attempt is
 * counted like a first-step attempt, against the SAME account + client throttle (the first step's
 * subject), so a second factor cannot be guessed faster than a password.
 */
import type Koa from 'koa';
import type { CodeSendOutcome, VerifyOutcome } from '../connectors/connector.js';
import { AuthError } from '../errors.js';
import { readJsonBody } from '../http/body.js';
import { audit } from '../log/audit.js';
import type { CodeStep, SignInMethod } from '../methods.js';
import { connectorCall, requestState, type BffRuntime, type ConnectorBinding, type Handler } from '../runtime.js';
import { accountKey } from '../security/throttle.js';
import { currentSession } from '../session/session.js';
import type { PendingFlow } from '../session/store.js';
import { parseBody } from '../shared/fields.js';
import { completeSignIn } from './sign-in.js';
import { countedCheck, countedSend, retryAfter } from './attempt.js';

type Pending = PendingFlow & { challenge: NonNullable<PendingFlow['challenge']> };

/** The live pending second step and its connector, or 401 mfa_not_pending (dropping a stale one). */
function pendingStep(ctx: Koa.Context, rt: BffRuntime, id: string): { flow: Pending; binding: ConnectorBinding } {
  const session = currentSession(ctx);
  const flow = session?.flows?.[id];
  const binding = flow ? rt.connectors.get(flow.connector) : undefined;
  if (!session || !flow?.challenge || !binding || rt.now() >= flow.challenge.expiresAt) {
    if (session?.flows?.[id]) dropStep(ctx, id);
    throw new AuthError('mfa_not_pending');
  }
  return { flow: flow as Pending, binding };
}

function dropStep(ctx: Koa.Context, id: string): void {
  const session = currentSession(ctx);
  if (!session?.flows?.[id]) return;
  const flows = { ...session.flows };
  delete flows[id];
  session.flows = flows;
}

function offered(flow: Pending, method: string): void {
  if (!flow.challenge.methods.some((m) => m.type === method)) {
    throw new AuthError('invalid_request', { message: 'This second-step method was not offered for this sign-in.' });
  }
}

/** POST `method.path` of a second step. */
export function secondStepRoute(method: SignInMethod): Handler {
  const id = method.id;
  return async (ctx, rt) => {
    const input = parseBody(method.body, await readJsonBody(ctx)) as Record<string, string>;
    const { flow, binding } = pendingStep(ctx, rt, id);
    offered(flow, input.method!);
    const verify = connectorCall<VerifyOutcome>(binding.connector, method.call);
    if (!verify) throw new AuthError('mfa_not_pending');
    const { log, ip } = requestState(ctx);
    const subject = flow.subject;
    const fields = {
      method: id,
      connector: binding.name,
      ip,
      ...(subject !== undefined ? { subject } : {}),
    };

    const { ticket, outcome } = await countedCheck(ctx, rt, binding, fields, (c) => verify(input, c), flow.state);
    if (outcome.ok) {
      // The session is replaced: the pending step (and its token) goes with the old one.
      await completeSignIn(ctx, rt, binding, flow.challenge.firstMethod, fields, ticket, outcome);
      return;
    }
    audit(log, 'signin.failure', { ...fields, reason: outcome.reason });
    if (outcome.detail) log.debug({ connector: binding.name, detail: outcome.detail }, 'upstream refusal detail');
    if (outcome.reason === 'code_expired') {
      dropStep(ctx, id);
      throw new AuthError('mfa_not_pending');
    }
    throw new AuthError(
      outcome.reason === 'rate_limited' ? 'rate_limited' : 'invalid_code',
      retryAfter(outcome.retryAfterSeconds),
    );
  };
}

/** POST `method.code.path` of a second step: an SMS / email code to the challenge's destination. */
export function secondStepCodeRoute(method: SignInMethod & { code: CodeStep }): Handler {
  const { id, code } = method;
  return async (ctx, rt) => {
    const input = parseBody(code.body, await readJsonBody(ctx)) as Record<string, string>;
    const { flow, binding } = pendingStep(ctx, rt, id);
    offered(flow, input.method!);
    const send = connectorCall<CodeSendOutcome>(binding.connector, code.call);
    if (!send) throw new AuthError('not_found');
    const { log, ip } = requestState(ctx);
    // One bucket and one resend delay per account and channel.
    const destination = `${input.method!}:${flow.subject ?? ''}`;
    const fields = { method: id, connector: binding.name, ip, subject: destination };
    const key = accountKey(binding.name, `mfa:${destination}`);
    const sent = await countedSend(ctx, rt, binding, key, fields, (c) => send(input, c), flow.state);
    if (sent.state) {
      const session = currentSession(ctx)!;
      session.flows = { ...session.flows, [id]: { ...flow, state: { ...flow.state, ...sent.state } } };
    }
    audit(log, 'code.sent', fields);
    ctx.status = 202;
    ctx.body = { resendAfterSeconds: rt.codeSends.resendAfterSeconds };
  };
}
