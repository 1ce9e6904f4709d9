import type { DemoAccount } from '../types.js';

/**
 * A user known to the simulated OneSpan Authentication Server behind the gateway.
 * `identifier` is what a person types (the OAS userID); `secret` is the OTP the demo token
 * shows. The simulated Digipass is a fixed-code token on purpose: the demo can print the code,
 * and `012345` proves leading zeros survive (docs/protocols/digipass-gateway.md §6.5).
 */
export interface DigipassAccount extends DemoAccount {
  /** OAS user ID, in its stored spelling (lookups ignore case, answers use this spelling). */
  userID: string;
  /** OAS domain; a request without `domain` resolves to it. */
  domain: string;
  orgUnit?: string;
  /** The one OTP this user's simulated Digipass accepts. */
  otp: string;
  /** `<serial>-<sequence>` of the Digipass instance (docs/protocols/digipass-gateway.md §3). */
  serialNo: string;
  /** Locked after consecutive failures: every authUser gets STAT_LOCKED (1007). */
  locked?: boolean;
}

export const digipassDemoAccounts: DigipassAccount[] = [
  {
    identifier: 'dora',
    secret: '012345',
    note: 'DIGIPASS: user ID "dora", domain mydomain.com, OTP 012345 (fixed demo token)',
    userID: 'Dora',
    domain: 'mydomain.com',
    otp: '012345',
    serialNo: 'VDS1000120-1',
  },
  {
    identifier: 'jane.doe',
    secret: '654321',
    note: 'DIGIPASS: user ID "jane.doe", domain mydomain.com (org unit "sales"), OTP 654321',
    userID: 'jane.doe',
    domain: 'mydomain.com',
    orgUnit: 'sales',
    otp: '654321',
    serialNo: 'VDS1000121-2',
  },
  {
    identifier: 'lockie',
    secret: '111111',
    note: 'DIGIPASS: locked account (STAT_LOCKED 1007); shown to the user as a wrong code',
    userID: 'lockie',
    domain: 'mydomain.com',
    otp: '111111',
    serialNo: 'VDS1000122-1',
    locked: true,
  },
];

/** The front-end API key the simulator expects unless told otherwise. */
export const DIGIPASS_DEMO_API_KEY = 'demo-frontend-api-key';
