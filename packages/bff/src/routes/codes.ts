/**
 * The code-send route of every method of the table that has one (methods.ts: POST /phone/code,
 * /otp/code): ask the connector to deliver a code (SMS / email).
 * Throttled per destination and per IP with a resend cooldown (docs/security.md B-06); the answer is
 * the same 202 whether or not the destination belongs to an account, held until the
 * response floor of the send (security/response-floor.ts) so that its timing is the same too. What the connector
 * needs for the check (OpenIAM's moving factor...) is kept server-side in the pre-auth session,
 * bound to this destination (B-03).
 */
import type { CodeSendOutcome } from '../connectors/connector.js';
import { AuthError } from '../errors.js';
import { parseBody } from '../shared/fields.js';
import { readJsonBody } from '../http/body.js';
import { audit } from '../log/audit.js';
import type { CodeStep, SignInMethod } from '../methods.js';
import { connectorCall, requestState, type Handler } from '../runtime.js';
import { accountKey } from '../security/throttle.js';
import { preAuthSession } from '../session/session.js';
import { enabledMethod, subjectOf } from './sign-in.js';
import { countedSend, holdRefusal } from './attempt.js';
import { gatePhones } from './phone-gate.js';

/** POST `method.code.path`. */
export function codeRoute(method: SignInMethod & { code: CodeStep }): Handler {
  const { id, code } = method;
  return async (ctx, rt) => {
    const parsed = parseBody(code.body, await readJsonBody(ctx)) as Record<string, string>;
    const binding = enabledMethod(rt, id);
    const send = connectorCall<CodeSendOutcome>(binding.connector, code.call);
    // The method is on but its connector delivers no codes (DIGIPASS OTPs come from a token).
    if (!send) throw new AuthError('not_found');
    // Phone numbers against config `phone` before the send is counted or leaves (routes/phone-gate.ts).
    const input = gatePhones(rt, binding, method, parsed);
    // The canonical destination (E.164...): one bucket and one resend delay per upstream identity.
    const destination = subjectOf(binding, id, input, code.destination)!;
    const { log, ip } = requestState(ctx);
    const fields = { method: id, connector: binding.name, ip, subject: destination };
    const key = accountKey(binding.name, destination);
    const sent = await countedSend(ctx, rt, binding, key, fields, (c) => send(input, c));

    const session = preAuthSession(ctx, rt.now);
    session.flows = {
      ...session.flows,
      [id]: { connector: binding.name, subject: destination, ...(sent.state ? { state: sent.state } : {}) },
    };
    audit(log, 'code.sent', fields);
    await holdRefusal(ctx, rt, binding, `${id}.code`, sent.startedAt);
    ctx.status = 202;
    ctx.body = { resendAfterSeconds: rt.codeSends.resendAfterSeconds };
  };
}
