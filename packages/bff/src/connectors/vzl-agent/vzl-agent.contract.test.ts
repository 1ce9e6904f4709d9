/**
 * The shared connector contract (contract.test-kit.ts) against the VZL agent simulator, once with an
 * agent that echoes packet ids and once with one that does not (docs/protocols/vzl-agent.md pitfall 6).
 */
import { startVzlSimulator } from '@auth-login/simulators';
import { describeConnectorContract } from '../contract.test-kit.js';
import { vzlConnectorFor } from './helpers.test-kit.js';

for (const echoIds of [true, false]) {
  describeConnectorContract({
    name: echoIds ? 'vzl-agent' : 'vzl-agent (agent-generated packet ids)',
    method: 'password',
    setup: async () => {
      const simulator = await startVzlSimulator({ port: 0, delayMs: 2_000, echoIds });
      return { simulator, connector: vzlConnectorFor(simulator) };
    },
    connectorFor: (address) => vzlConnectorFor(address),
    valid: { identifier: 'webadmin', password: 'hosting-password1' },
    invalid: { identifier: 'webadmin', password: 'not-the-password' },
    expectedUser: { id: 'webadmin', username: 'webadmin' },
    faults: { slow: 'slow', garbage: 'garbage' },
    secrets: ['vzl-service-secret', Buffer.from('hosting-password1').toString('base64')],
  });
}
