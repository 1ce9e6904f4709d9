import { startDigipassSimulator, DIGIPASS_DEMO_API_KEY } from '@auth-login/simulators';
import { describeConnectorContract } from '../contract.test-kit.js';
import { digipassGatewayConfigSchema } from './config.js';
import { createDigipassGatewayConnector } from './connector.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const connectorFor = ({ url }: { url: string }) =>
  createDigipassGatewayConnector(
    digipassGatewayConfigSchema.parse({ url, apiKey: DIGIPASS_DEMO_API_KEY, domain: 'mydomain.com' }),
    { logger },
  );

// The HTTP status of a failed check is unconfirmed (200, 401 or 500 with the resultCodes body).
for (const failureStatus of [200, 401, 500] as const)
  describeConnectorContract({
    name: `digipass-gateway (failures as HTTP ${failureStatus})`,
    method: 'otp',
    setup: async () => {
      const simulator = await startDigipassSimulator({ port: 0, failureStatus });
      return { simulator, connector: connectorFor(simulator) };
    },
    connectorFor,
    valid: { identifier: 'dora', otp: '012345' },
    invalid: { identifier: 'dora', otp: '999999' },
    expectedUser: { id: 'Dora@mydomain.com', attributes: { domain: 'mydomain.com', serialNo: 'VDS1000120-1' } },
    faults: { slow: 'slow', garbage: 'non-json' },
    secrets: [DIGIPASS_DEMO_API_KEY],
    // The same userID in two domains is two users; the configured domain is the default one.
    spellings: [
      [
        { identifier: 'dora', otp: '1' },
        { identifier: ' dora ', otp: '1' },
        { identifier: 'dora', otp: '1', domain: 'mydomain.com' },
      ],
      [{ identifier: 'dora', otp: '1', domain: 'other.example' }],
    ],
  });
