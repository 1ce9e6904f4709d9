/**
 * Authing business codes → the connector's uniform outcomes (docs/protocols/authing.md §7). Every
 * business code is an ANSWER from a live upstream: the ones listed become outcomes (401 / 400 /
 * 429), and a code not listed becomes `UnexpectedAnswer` → 502 with the code in the private
 * message, which the circuit breaker does not count (a client sending junk must not open the
 * circuit for everyone).
 */
import { UnexpectedAnswer } from '../connector.js';
import type { CodeRefused, FailureReason } from '../connector.js';
import { AUTHING_TYPE } from './api.js';
import type { AuthingCodeError } from './api.js';

/** Wrong password, unknown user and locked are told apart only in the audit detail (connector.ts rule 1). */
const PASSWORD_FAILURES = new Set([
  2333, // account or password wrong (current servers)
  2006, // password incorrect (older servers)
  2004, // user does not exist
  2005, // user locked
  2057, // locked after repeated errors
]);
export const CAPTCHA_REQUIRED = 2000;
/** User does not exist: on a phone login, a numeric username may still exist. */
export const USER_NOT_FOUND = 2004;
/** Verification code wrong; on a password login it can only be the captcha. */
export const CODE_WRONG = 2001;
export const CANNOT_DECRYPT = 2016;
/**
 * MFA required (Guard source): only after the password checked out. `data` (the mfaToken, the
 * factors) becomes the challenge (mfa.ts); the mfaToken stays in the server-side pending step.
 */
export const MFA_REQUIRED = new Set([1635, 1636]);
/** The password must be changed first (Guard source): only after the password checked out. */
export const MUST_RESET_PASSWORD = 1639;
/**
 * A frequency refusal, told by its text (the codes are unconfirmed, docs/protocols/authing.md §5.2);
 * `zh-CN` and `en-US` texts.
 */
const TOO_OFTEN = /频繁|过多|稍后|too (often|many|frequent)|rate.?limit|try again later/i;
/** How long to wait after an upstream frequency refusal that says no time (the SDK's resend interval). */
export const UPSTREAM_RETRY_AFTER_SECONDS = 60;

export function passwordReason(e: AuthingCodeError): FailureReason {
  if (PASSWORD_FAILURES.has(e.code)) return 'invalid_credentials';
  if (MFA_REQUIRED.has(e.code)) return 'mfa_required';
  if (e.code === MUST_RESET_PASSWORD) return 'password_reset_required';
  if (TOO_OFTEN.test(e.upstreamMessage)) return 'rate_limited';
  throw unexpected(e, 'password login');
}

/**
 * `sms/send` refused: too often → 429 with Retry-After; anything else (a number Authing cannot
 * use: 2001 "请输入正确的手机号", an unknown code) is the input's fault → 400. Neither is an upstream
 * fault: the upstream answered.
 */
export function smsSendRefusal(e: AuthingCodeError): CodeRefused {
  if (TOO_OFTEN.test(e.upstreamMessage))
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: UPSTREAM_RETRY_AFTER_SECONDS, detail: detailOf(e) };
  return { ok: false, reason: 'invalid_request', detail: detailOf(e) };
}

export function phoneCodeReason(e: AuthingCodeError): FailureReason {
  if (e.code === 2300) return 'code_expired';
  // Real servers report an expired code as the generic 500 with "验证码已过期" (docs/protocols/authing.md §7),
  // so the text decides; `en-US` texts are matched too.
  if (e.code === 500 && /过期|expire/i.test(e.upstreamMessage)) return 'code_expired';
  if (e.code === 500 && /验证码|code/i.test(e.upstreamMessage)) return 'invalid_code';
  // Application MFA applies to a code login too (then with a challenge, connector.ts refusal()).
  if (MFA_REQUIRED.has(e.code)) return 'mfa_required';
  if (e.code === MUST_RESET_PASSWORD) return 'password_reset_required';
  // Wrong code, unknown phone, locked user: one uniform answer.
  if (e.code === CODE_WRONG || PASSWORD_FAILURES.has(e.code)) return 'invalid_code';
  if (TOO_OFTEN.test(e.upstreamMessage)) return 'rate_limited';
  throw unexpected(e, 'phone code login');
}

export function unexpected(e: AuthingCodeError, what: string): UnexpectedAnswer {
  return new UnexpectedAnswer(`${AUTHING_TYPE}: ${what} answered unexpected code ${e.code}`);
}

export const detailOf = (e: AuthingCodeError) => `authing ${e.code}${e.upstreamMessage ? ` ${e.upstreamMessage}` : ''}`;

/** The mfaToken is not (or no longer) valid: the pending step is over (codes as for a dead id_token). */
const MFA_TOKEN_DEAD = new Set([2020, 2206, 2207]);

/**
 * An MFA verify refused: the mfaToken dead → `code_expired` (the step ends); too often →
 * `rate_limited`; a wrong or expired code (2001, the generic 500 about the code, any text about a
 * code / TOTP / MFA: the real codes are unconfirmed, docs/protocols/authing.md) → `invalid_code`.
 */
export function mfaVerifyReason(e: AuthingCodeError): FailureReason {
  if (MFA_TOKEN_DEAD.has(e.code)) return 'code_expired';
  if (TOO_OFTEN.test(e.upstreamMessage)) return 'rate_limited';
  if (e.code === CODE_WRONG || /验证码|口令|code|totp|mfa|二次/i.test(e.upstreamMessage)) return 'invalid_code';
  throw unexpected(e, 'MFA verify');
}
