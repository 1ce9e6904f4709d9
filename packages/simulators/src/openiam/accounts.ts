import type { DemoAccount } from '../types.js';

/**
 * A user of the simulated OpenIAM. The self-service OTP endpoints send codes only to addresses
 * and phones the directory knows (docs/protocols/openiam.md §1: "after OTP providers and an SMTP / SMS gateway
 * are configured"). Codes are random per send and land in the simulator's outbox, so `secret`
 * is empty: the demo reads the code from the outbox.
 */
export interface OpenIamAccount extends DemoAccount {
  /** OpenIAM user id (not on the OTP wire; kept for notes and logs). */
  userId: string;
  email?: string;
  /** E.164 (`+15551234567`); matched against countryCd + areaCd + phoneNbr digits. */
  phone?: string;
  /** Every send/check for this account answers ACCOUNT_LOCKED (3.x `Errors` name). */
  locked?: boolean;
}

export const openiamDemoAccounts: OpenIamAccount[] = [
  {
    identifier: 'olivia@example.com',
    secret: '',
    note: 'OpenIAM: email OTP to olivia@example.com; the code lands in the simulator outbox',
    userId: '3000000001',
    email: 'olivia@example.com',
  },
  {
    identifier: '+15551234567',
    secret: '',
    note: 'OpenIAM: SMS code to +1 555 123 4567 (countryCd 1, areaCd 555, phoneNbr 1234567); code in the outbox',
    userId: '3000000002',
    phone: '+15551234567',
  },
  {
    identifier: 'locked@example.com',
    secret: '',
    note: 'OpenIAM: locked account (ACCOUNT_LOCKED); the widget shows a uniform wrong-code error',
    userId: '3000000003',
    email: 'locked@example.com',
    phone: '+15557654321',
    locked: true,
  },
];
