/**
 * The connector contract suite (contract.test-kit.ts) for the three tabs the Authing connector
 * serves, each against its own Authing simulator.
 */
import { authingDemoAccounts, startAuthingSimulator } from '@auth-login/simulators';
import type { Connector } from '../connector.js';
import { describeConnectorContract, type ContractAddress } from '../contract.test-kit.js';
import { authingConfigSchema, createAuthingConnector } from './index.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const connectorFor = ({ url }: ContractAddress): Connector =>
  createAuthingConnector(
    authingConfigSchema.parse({ type: 'authing', appHost: url, appId: 'authing-sim-app', timeout: '2s' }),
    { logger },
  );
const setup = async () => {
  const simulator = await startAuthingSimulator({ slowMs: 10_000 });
  return { simulator, connector: connectorFor(simulator) };
};
const faults = { slow: 'slow', garbage: 'non-json' };
const ada = { id: '5f9d0a1b2c3d4e5f6a7b8c01', email: 'ada@example.com', username: 'ada', provider: 'authing' };

describeConnectorContract({
  name: 'authing',
  method: 'password',
  setup,
  connectorFor,
  valid: { identifier: 'ada@example.com', password: 'authing-password1' },
  invalid: { identifier: 'ada@example.com', password: 'wrong-password' },
  expectedUser: ada,
  faults,
});

// Login-failure detection counted per identifier or per client IP (unconfirmed which): the contract
// holds under both, with a numeric username account signing in through the phone → username fallback.
for (const captchaBy of ['identifier', 'clientIp'] as const) {
  describeConnectorContract({
    name: `authing (captcha by ${captchaBy}, numeric username)`,
    method: 'password',
    setup: async () => {
      const simulator = await startAuthingSimulator({
        slowMs: 10_000,
        captchaAfterFailures: 5,
        captchaBy,
        accounts: [
          ...authingDemoAccounts,
          {
            identifier: '20240001',
            secret: 'authing-password5',
            note: 'numeric username',
            id: '5f9d0a1b2c3d4e5f6a7b8c09',
            username: '20240001',
            password: 'authing-password5',
          },
        ],
      });
      return { simulator, connector: connectorFor(simulator) };
    },
    connectorFor,
    valid: { identifier: '20240001', password: 'authing-password5' },
    invalid: { identifier: '20240001', password: 'wrong-password' },
    expectedUser: { id: '5f9d0a1b2c3d4e5f6a7b8c09', username: '20240001' },
    faults,
  });
}

describeConnectorContract({
  name: 'authing',
  method: 'phone',
  setup,
  connectorFor,
  valid: async ({ connector, simulator, signal }) => {
    await connector.sendPhoneCode!({ phone: '+8613800138000' }, { signal });
    return { input: { phone: '+8613800138000', code: simulator.outbox.at(-1)!.code } };
  },
  // Codes are 4 digits, so a 5-digit one is always wrong.
  invalid: { phone: '+8613800138000', code: '00000' },
  expectedUser: { ...ada, phone: '+8613800138000' },
  faults,
  spellings: [
    ['+8613800138000', '13800138000', '138-0013-8000', '1 3 8 0 0 1 3 8 0 0 0', '+86 138 0013 8000'].map((phone) => ({
      phone,
      code: '1234',
    })),
    [
      { phone: '13700137000', code: '1234' },
      { phone: '+86-137-0013-7000', code: '1234' },
    ],
  ],
});

describeConnectorContract({
  name: 'authing',
  method: 'token',
  setup,
  connectorFor,
  valid: async ({ connector, signal }) => {
    const login = await connector.password!({ identifier: 'ada', password: 'authing-password1' }, { signal });
    if (!login.ok) throw new Error('could not obtain an id_token from the simulator');
    return { input: { token: String(login.upstream!.idToken) } };
  },
  // Forged for this app (`aud`), so it reaches Authing, whose signature check refuses it.
  invalid: {
    token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJub2JvZHkiLCJhdWQiOiJhdXRoaW5nLXNpbS1hcHAifQ.Zm9yZ2Vk',
  },
  expectedUser: ada,
  faults,
});
