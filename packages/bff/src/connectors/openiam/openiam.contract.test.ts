import { expect } from 'vitest';
import { startOpenIamSimulator } from '@auth-login/simulators';
import { describeConnectorContract, type ContractEnv } from '../contract.test-kit.js';
import { openiamConfigSchema } from './config.js';
import { createOpenIamConnector } from './connector.js';
import { newFlowState } from './flow.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const lastCode = (env: ContractEnv) => env.simulator.outbox[env.simulator.outbox.length - 1]!.code;
// The invalid case must not need a send (the kit also runs it against a closed port): a flow whose
// moving factor OpenIAM never issued, so the check answers CODE_NOT_EQUAL.
const unknownFactor = (channel: 'email' | 'sms', destination: string) =>
  newFlowState(channel, destination, '4242', 60_000);

// Unconfirmed upstream behaviours (simulator knobs) × the operator's address policy.
const variants = [
  {
    label: 'trustUpstream, unknown addresses refused, wrong code HTTP 200',
    addresses: { trustUpstream: true },
    sim: { unknownAddresses: 'refuse', wrongCodeStatus: 200 },
  },
  {
    label: 'allowlist, unknown addresses accepted, wrong code HTTP 400',
    addresses: { emailDomains: ['example.com'], phonePrefixes: ['+1555'] },
    sim: { unknownAddresses: 'accept', wrongCodeStatus: 400 },
  },
  {
    label: 'allowlist, unknown addresses refused, wrong code HTTP 401, user id in the send answer',
    addresses: { emailDomains: ['example.com'], phonePrefixes: ['+1555'] },
    sim: { unknownAddresses: 'refuse', wrongCodeStatus: 401, userIdInSend: true },
  },
] as const;

for (const variant of variants) {
  const connectorFor = ({ url }: { url: string }) =>
    createOpenIamConnector(openiamConfigSchema.parse({ url, addresses: variant.addresses }), { logger });
  const setup = async () => {
    const simulator = await startOpenIamSimulator({ port: 0, ...variant.sim });
    return { simulator, connector: connectorFor(simulator) };
  };
  const userId = (id: string) => ('userIdInSend' in variant.sim ? (expect.any(String) as string) : id);

  describeConnectorContract({
    name: `openiam email code (${variant.label})`,
    method: 'otp',
    setup,
    connectorFor,
    valid: async (env) => {
      const sent = await env.connector.sendOtpCode!({ identifier: 'olivia@example.com' }, { signal: env.signal });
      return {
        input: { identifier: 'olivia@example.com', otp: lastCode(env) },
        ...(sent.state ? { state: sent.state } : {}),
      };
    },
    invalid: () => ({
      input: { identifier: 'olivia@example.com', otp: '987654' },
      state: unknownFactor('email', 'olivia@example.com'),
    }),
    expectedUser: { id: userId('olivia@example.com'), email: 'olivia@example.com' },
    faults: { slow: 'slow', garbage: 'non-json' },
  });

  describeConnectorContract({
    name: `openiam SMS code (${variant.label})`,
    method: 'phone',
    setup,
    connectorFor,
    valid: async (env) => {
      const sent = await env.connector.sendPhoneCode!({ phone: '+15551234567' }, { signal: env.signal });
      return { input: { phone: '+15551234567', code: lastCode(env) }, ...(sent.state ? { state: sent.state } : {}) };
    },
    invalid: () => ({ input: { phone: '+15551234567', code: '987654' }, state: unknownFactor('sms', '+15551234567') }),
    expectedUser: { id: userId('+15551234567'), phone: '+15551234567' },
    faults: { slow: 'slow', garbage: '5xx' },
    spellings: [
      ['+15551234567', '+1 555 123 4567', '+1-555-123-4567', '+1 (555) 123-4567', '5551234567', '001 555 123 4567'].map(
        (phone) => ({ phone, code: '123456' }),
      ),
      [
        { phone: '+15557654321', code: '123456' },
        { phone: '555.765.4321', code: '123456' },
      ],
    ],
  });
}
