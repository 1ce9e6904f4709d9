/**
 * Authing business codes → the connector's uniform outcomes (docs/protocols/authing.md §7). A code not listed
 * here is not something the person typing can fix (wrong app id, MFA required, rate limit, ...),
 * so it becomes UpstreamError('bad_response') → 502, with the code in the private message.
 */
import { UpstreamError } from '../connector.js';
import type { FailureReason } from '../connector.js';
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

export function passwordReason(e: AuthingCodeError): FailureReason {
  if (PASSWORD_FAILURES.has(e.code)) return 'invalid_credentials';
  throw unexpected(e, 'password login');
}

export function phoneCodeReason(e: AuthingCodeError): FailureReason {
  if (e.code === 2300) return 'code_expired';
  // Real servers report an expired code as the generic 500 with "验证码已过期" (docs/protocols/authing.md §7),
  // so the text decides; `en-US` texts are matched too.
  if (e.code === 500 && /过期|expire/i.test(e.upstreamMessage)) return 'code_expired';
  if (e.code === 500 && /验证码|code/i.test(e.upstreamMessage)) return 'invalid_code';
  // Wrong code, unknown phone, locked user: one uniform answer.
  if (e.code === CODE_WRONG || PASSWORD_FAILURES.has(e.code)) return 'invalid_code';
  throw unexpected(e, 'phone code login');
}

export function unexpected(e: AuthingCodeError, what: string): UpstreamError {
  return new UpstreamError('bad_response', `${AUTHING_TYPE}: ${what} answered unexpected code ${e.code}`);
}

export const detailOf = (e: AuthingCodeError) => `authing ${e.code}${e.upstreamMessage ? ` ${e.upstreamMessage}` : ''}`;
