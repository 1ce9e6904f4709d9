import type { DemoAccount } from '../types.js';

/**
 * A user of the simulated Authing user pool. `identifier`/`secret`/`note` are the shared
 * DemoAccount fields (what a person types in the widget); the rest are Authing `User` fields
 * (docs/protocols/authing.md §6). Phones are stored the way Authing stores mainland numbers: the national
 * number in `phone`, the country code in `phoneCountryCode`.
 */
export interface AuthingAccount extends DemoAccount {
  /** 24-hex ObjectId, also the id_token `sub`. */
  id: string;
  email?: string;
  username?: string;
  phone?: string;
  phoneCountryCode?: string;
  /** The password; absent = the account can only sign in with an SMS code. */
  password?: string;
  nickname?: string;
  name?: string;
  /** Locked/blocked account: every login gets 2005 (docs/protocols/authing.md §7). */
  blocked?: boolean;
  /**
   * A right password gets 1635 "MFA required" (1636 when `'1636'`) with a `data.mfaToken`
   * instead of a user (Guard source); a wrong one still gets 2333.
   */
  mfa?: boolean | '1636';
  /**
   * With `mfa`: the TOTP code the simulator accepts for this account at `/api/v2/mfa/totp/verify`
   * (a fixed code stands in for an authenticator app); absent: the account has no TOTP bound.
   */
  totpCode?: string;
  /**
   * With `mfa`: the second factors the application offers, in order (Guard's `applicationMfa[].mfaPolicy`);
   * default all three. SMS needs a `phone`, EMAIL an `email`, OTP a `totpCode`.
   */
  mfaPolicies?: ('OTP' | 'SMS' | 'EMAIL')[];
  /** A right password gets 1639 "the password must be reset first" (Guard source). */
  mustResetPassword?: boolean;
}

export const authingDemoAccounts: AuthingAccount[] = [
  {
    identifier: 'ada@example.com',
    secret: 'authing-password1',
    note: 'Authing: email, username "ada" or phone +8613800138000 with this password; SMS codes to +8613800138000',
    id: '5f9d0a1b2c3d4e5f6a7b8c01',
    email: 'ada@example.com',
    username: 'ada',
    phone: '13800138000',
    phoneCountryCode: '+86',
    password: 'authing-password1',
    nickname: 'Ada',
    name: 'Ada Lovelace',
  },
  {
    identifier: 'grace',
    secret: 'authing-password2',
    note: 'Authing: username "grace" (or grace@example.com) with this password; no phone',
    id: '5f9d0a1b2c3d4e5f6a7b8c02',
    email: 'grace@example.com',
    username: 'grace',
    password: 'authing-password2',
    name: 'Grace Hopper',
  },
  {
    identifier: '+8613700137000',
    secret: '',
    note: 'Authing: phone-code only (no password); the SMS code lands in the simulator outbox',
    id: '5f9d0a1b2c3d4e5f6a7b8c03',
    phone: '13700137000',
    phoneCountryCode: '+86',
    nickname: 'Lin',
  },
  {
    identifier: 'locked@example.com',
    secret: 'authing-password3',
    note: 'Authing: blocked account, every login fails with 2005 (shown to the user as a wrong password)',
    id: '5f9d0a1b2c3d4e5f6a7b8c04',
    email: 'locked@example.com',
    username: 'locked',
    phone: '13600136000',
    phoneCountryCode: '+86',
    password: 'authing-password3',
    blocked: true,
  },
  {
    identifier: 'mia@example.com',
    secret: 'authing-password4',
    note: 'Authing: MFA account: the password answers 1635, then TOTP code 123456, or an SMS code to +8613500135000 / an email code (both in the outbox)',
    id: '5f9d0a1b2c3d4e5f6a7b8c05',
    email: 'mia@example.com',
    username: 'mia',
    phone: '13500135000',
    phoneCountryCode: '+86',
    password: 'authing-password4',
    nickname: 'Mia',
    mfa: true,
    totpCode: '123456',
  },
];

/**
 * Finds the account for a phone as the SDKs send it: `+8613800138000` (E.164), or
 * `13800138000` with an optional `phoneCountryCode` (docs/protocols/authing.md §8 pitfall 8).
 */
export function findByPhone(
  accounts: AuthingAccount[],
  phone: string,
  countryCode?: string | null,
): AuthingAccount | undefined {
  return accounts.find((a) => {
    if (!a.phone) return false;
    const cc = a.phoneCountryCode ?? '+86';
    if (phone.startsWith('+')) return countryCode ? false : cc + a.phone === phone;
    return a.phone === phone && (!countryCode || countryCode === cc);
  });
}

/** Canonical key for a phone (outbox address, pending-code map). */
export function phoneKey(phone: string, countryCode?: string | null): string {
  if (phone.startsWith('+')) return phone;
  return (countryCode || '+86') + phone;
}
