/** The 1635 `data` → the challenge: which factors are offered, masked targets, the state kept server-side. */
import { describe, expect, it } from 'vitest';
import { challengeOf, maskEmail, maskPhone } from './mfa.js';

describe('challengeOf', () => {
  it('orders by sort, keeps status 1, prefers mfaPhone / mfaEmail, masks the targets', () => {
    const c = challengeOf({
      mfaToken: 'tok',
      applicationMfa: [
        { mfaPolicy: 'EMAIL', status: 1, sort: 2 },
        { mfaPolicy: 'SMS', status: 1, sort: 1 },
        { mfaPolicy: 'OTP', status: 0, sort: 0 },
      ],
      totpMfaEnabled: true,
      phone: '13900000009',
      phoneCountryCode: '+86',
      mfaPhone: '13800000001',
      mfaPhoneCountryCode: '+86',
      email: 'zed@example.com',
      mfaEmail: 'alice@example.com',
    });
    expect(c).toEqual({
      methods: [
        { type: 'sms', target: '+86 138****0001' },
        { type: 'email', target: 'a***@example.com' },
      ],
      state: { mfaToken: 'tok', phone: '13800000001', phoneCountryCode: '+86', email: 'alice@example.com' },
    });
  });

  it('OTP only when TOTP is bound; FACE never; nothing completable or no token → undefined', () => {
    expect(challengeOf({ mfaToken: 't', applicationMfa: [{ mfaPolicy: 'OTP', status: 1, sort: 0 }] })).toBeUndefined();
    expect(challengeOf({ mfaToken: 't', applicationMfa: [{ mfaPolicy: 'FACE', status: 1, sort: 0 }] })).toBeUndefined();
    expect(challengeOf({ mfaToken: 't', applicationMfa: [{ mfaPolicy: 'SMS', status: 1, sort: 0 }] })).toBeUndefined();
    expect(challengeOf({ applicationMfa: [{ mfaPolicy: 'OTP', status: 1 }], totpMfaEnabled: true })).toBeUndefined();
    expect(challengeOf(null)).toBeUndefined();
    // No applicationMfa (older answers): a bound TOTP is still offered.
    expect(challengeOf({ mfaToken: 't', totpMfaEnabled: true })?.methods).toEqual([{ type: 'totp' }]);
  });

  it('masks short numbers and odd emails without revealing them', () => {
    expect(maskPhone('12345')).toBe('1****45');
    expect(maskPhone('2025550123', '+1')).toBe('+1 202****0123');
    expect(maskEmail('@x')).toBe('***');
    expect(maskEmail('b@x.org')).toBe('b***@x.org');
  });
});
