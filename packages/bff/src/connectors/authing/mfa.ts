/**
 * Authing's second step (docs/protocols/authing.md "MFA"): the `data` of a 1635 / 1636 answer
 * (as Guard reads it: `mfaToken`, `applicationMfa[{mfaPolicy, status, sort}]`, `totpMfaEnabled`,
 * `phone`/`phoneCountryCode`, `email`, or their `mfa*` variants) → a Challenge whose state keeps
 * the mfaToken and the destinations server-side, and whose methods show masked destinations only.
 */
import type { Challenge, ChallengeMethod } from '../connector.js';

/** `+86 138****0001`: the country code and the first 3 and last 4 digits (fewer for short numbers). */
export function maskPhone(phone: string, countryCode?: string): string {
  const digits = phone.replace(/\D/g, '');
  const keep = digits.length >= 9 ? [3, 4] : [1, 2];
  const masked = `${digits.slice(0, keep[0])}****${digits.slice(-keep[1]!)}`;
  return countryCode ? `${countryCode} ${masked}` : masked;
}

/** `a***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * The challenge of a 1635 / 1636 answer, or undefined when it carries no mfaToken or offers nothing
 * the BFF can complete (FACE only, a factor not bound yet: Guard would start a binding flow).
 */
export function challengeOf(data: unknown): Challenge | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const mfaToken = str(d.mfaToken);
  if (!mfaToken) return undefined;
  const phone = str(d.mfaPhone) ?? str(d.phone);
  const phoneCountryCode = str(d.mfaPhone) ? str(d.mfaPhoneCountryCode) : str(d.phoneCountryCode);
  const email = str(d.mfaEmail) ?? str(d.email);
  const policies = Array.isArray(d.applicationMfa)
    ? (d.applicationMfa as unknown[])
        .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object')
        .filter((p) => p.status === undefined || p.status === 1 || p.status === true)
        .sort((a, b) => Number(a.sort ?? 0) - Number(b.sort ?? 0))
        .map((p) => String(p.mfaPolicy).toUpperCase())
    : d.totpMfaEnabled === true
      ? ['OTP']
      : [];
  const methods: ChallengeMethod[] = [];
  for (const policy of new Set(policies)) {
    if (policy === 'OTP' && d.totpMfaEnabled === true) methods.push({ type: 'totp' });
    else if (policy === 'SMS' && phone) methods.push({ type: 'sms', target: maskPhone(phone, phoneCountryCode) });
    else if (policy === 'EMAIL' && email) methods.push({ type: 'email', target: maskEmail(email) });
  }
  if (methods.length === 0) return undefined;
  return {
    methods,
    state: {
      mfaToken,
      ...(phone ? { phone } : {}),
      ...(phone && phoneCountryCode ? { phoneCountryCode } : {}),
      ...(email ? { email } : {}),
    },
  };
}
