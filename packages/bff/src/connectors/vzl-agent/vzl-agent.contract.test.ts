/** The shared connector contract (contract.test-kit.ts) against the VZL agent simulator. */
import { startVzlSimulator } from '@auth-login/simulators';
import { describeConnectorContract } from '../contract.test-kit.js';
import { vzlConnectorFor } from './helpers.test-kit.js';

describeConnectorContract({
  name: 'vzl-agent',
  method: 'password',
  setup: async () => {
    const simulator = await startVzlSimulator({ port: 0, delayMs: 2_000 });
    return { simulator, connector: vzlConnectorFor(simulator) };
  },
  connectorFor: (address) => vzlConnectorFor(address),
  valid: { identifier: 'webadmin', password: 'hosting-password1' },
  invalid: { identifier: 'webadmin', password: 'not-the-password' },
  expectedUser: { id: 'webadmin', username: 'webadmin' },
  faults: { slow: 'slow', garbage: 'garbage' },
  secrets: ['vzl-service-secret', Buffer.from('hosting-password1').toString('base64')],
});
