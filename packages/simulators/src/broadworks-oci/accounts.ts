import type { DemoAccount } from '../types.js';

/**
 * One BroadWorks user as the simulator knows it. `admin: true` accounts may perform the
 * administrator login (AuthenticationRequest + LoginRequest14sp4, or LoginRequest22V5);
 * the others are end users checked by AuthenticationVerifyRequest22V4 (docs/protocols/broadworks-oci.md §4).
 */
export interface BroadworksAccount {
  userId: string;
  password: string;
  admin?: boolean;
  firstName?: string;
  lastName?: string;
  groupId?: string;
  serviceProviderId?: string;
  isEnterprise?: boolean;
  resellerId?: string;
  /** DNs; the first is the primary DN returned in the verify response. */
  phoneNumbers?: string[];
  passcode?: string;
  linePorts?: string[];
  sipUserName?: string;
  sipPassword?: string;
  loginTokens?: string[];
  /** Disabled account: every check answers `[Error 5202] Account is disabled.` */
  locked?: boolean;
  loginType?: string;
  /**
   * Days until the password expires, as the verify response says (default 2147483647: never).
   * 0 or less: expired (the verify still answers, with that number: what a real AS does then is
   * unconfirmed, docs/protocols/broadworks-oci.md §6).
   */
  passwordExpiresDays?: number;
}

/** The accounts the simulator knows by default (the demo uses them). */
export const defaultBroadworksAccounts: BroadworksAccount[] = [
  { userId: 'admin@example.com', password: 'adminSecret', admin: true, loginType: 'System' },
  {
    userId: 'alice@example.com',
    password: 'alice-password1',
    firstName: 'Alice',
    lastName: 'Smith',
    groupId: 'grp1',
    serviceProviderId: 'sp1',
    resellerId: 'res1',
    phoneNumbers: ['+1-2025550123'],
    passcode: '1234',
    linePorts: ['alice_lp@example.com'],
    sipUserName: 'alice_sip',
    sipPassword: 'alice-sip-secret',
    loginTokens: ['alice-login-token'],
  },
  {
    // Latin-1 characters in the names prove the ISO-8859-1 decoding end to end.
    userId: 'zoe@example.com',
    password: 'zoe-password1',
    firstName: 'Zoë',
    lastName: 'Müller',
    groupId: 'grp1',
    serviceProviderId: 'sp1',
    isEnterprise: true,
    passwordExpiresDays: 30,
    phoneNumbers: ['+1-2025550124'],
    passcode: '5678',
  },
  {
    userId: 'bob@example.com',
    password: 'bob-password1',
    firstName: 'Bob',
    lastName: 'Locked',
    groupId: 'grp1',
    serviceProviderId: 'sp1',
    locked: true,
  },
  {
    userId: 'eve@example.com',
    password: 'eve-password1',
    firstName: 'Eve',
    lastName: 'Expiring',
    groupId: 'grp1',
    serviceProviderId: 'sp1',
    passwordExpiresDays: 5,
  },
  {
    userId: 'otto@example.com',
    password: 'otto-password1',
    firstName: 'Otto',
    lastName: 'Expired',
    groupId: 'grp1',
    serviceProviderId: 'sp1',
    passwordExpiresDays: 0,
  },
];

/** What a person types in the widget to sign in (printed by the CLI and the demo). */
export const broadworksDemoAccounts: DemoAccount[] = [
  { identifier: 'alice@example.com', secret: 'alice-password1', note: 'userId + password → Alice Smith (grp1 / sp1)' },
  { identifier: '+1-2025550123', secret: '1234', note: 'phone number + passcode → Alice (also 2025550123)' },
  {
    identifier: 'alice_lp@example.com',
    secret: 'alice-password1',
    note: "linePort + Alice's password (connector passwordForm: linePort)",
  },
  {
    identifier: 'alice_sip/alice@example.com',
    secret: 'alice-sip-secret',
    note: 'SIP auth user name/userId + SIP password (connector passwordForm: sip)',
  },
  { identifier: '(token tab)', secret: 'alice-login-token', note: 'loginToken → Alice' },
  {
    identifier: 'zoe@example.com',
    secret: 'zoe-password1',
    note: 'Zoë Müller: Latin-1 name over ISO-8859-1 replies (phone +1-2025550124 / 5678)',
  },
  {
    identifier: 'bob@example.com',
    secret: 'bob-password1',
    note: 'disabled account → [Error 5202] Account is disabled.',
  },
  {
    identifier: 'eve@example.com',
    secret: 'eve-password1',
    note: 'password expires in 5 days → signed in with the notice password_expires',
  },
  {
    identifier: 'otto@example.com',
    secret: 'otto-password1',
    note: 'password expired (passwordExpiresDays 0) → password_reset_required',
  },
  {
    identifier: 'admin@example.com',
    secret: 'adminSecret',
    note: 'the OCI-P administrator the BFF logs in as (adminUserId / adminPassword)',
  },
];

/** DNs match on their digits; a typed national number also matches a stored +country form. */
export function sameDn(stored: string, typed: string): boolean {
  const a = stored.replace(/\D/g, '');
  const b = typed.replace(/\D/g, '');
  if (b.length === 0) return false;
  return a === b || (b.length >= 10 && a.endsWith(b));
}
