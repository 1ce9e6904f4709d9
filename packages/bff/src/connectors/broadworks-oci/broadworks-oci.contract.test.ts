/** The shared connector contract, for both transports and both tabs this connector serves. */
import { startBroadworksSimulator } from '@auth-login/simulators';
import { describeConnectorContract, type ContractSimulator } from '../contract.test-kit.js';
import { ADMIN, soapConnector, tcpConnector } from './helpers.test-kit.js';

const SOAP_PATH = '/webservice/services/ProvisioningService';
const expectedUser = { id: 'alice@example.com', displayName: 'Alice Smith', provider: 'broadworks-oci' };
const faults = { slow: 'slow', garbage: 'garbage' };

describeConnectorContract({
  name: 'broadworks-oci (tcp)',
  method: 'password',
  setup: async () => {
    const simulator = await startBroadworksSimulator({ port: 0, soap: false });
    return { simulator, connector: tcpConnector(simulator.port) };
  },
  connectorFor: ({ port }) => tcpConnector(port),
  valid: { identifier: 'alice@example.com', password: 'alice-password1' },
  invalid: { identifier: 'alice@example.com', password: 'wrong' },
  expectedUser,
  faults,
  secrets: [ADMIN.adminPassword],
});

describeConnectorContract({
  name: 'broadworks-oci (tcp, phone number + passcode)',
  method: 'password',
  setup: async () => {
    const simulator = await startBroadworksSimulator({ port: 0, soap: false });
    return { simulator, connector: tcpConnector(simulator.port) };
  },
  connectorFor: ({ port }) => tcpConnector(port),
  valid: { identifier: '+1-2025550123', password: '1234' },
  invalid: { identifier: '+1-2025550123', password: '9999' },
  expectedUser,
  faults,
  secrets: [ADMIN.adminPassword],
});

describeConnectorContract({
  name: 'broadworks-oci (tcp, loginToken)',
  method: 'token',
  setup: async () => {
    const simulator = await startBroadworksSimulator({ port: 0, soap: false });
    return { simulator, connector: tcpConnector(simulator.port) };
  },
  connectorFor: ({ port }) => tcpConnector(port),
  valid: { token: 'alice-login-token' },
  invalid: { token: 'not-a-token' },
  expectedUser,
  faults,
  secrets: [ADMIN.adminPassword],
});

describeConnectorContract({
  name: 'broadworks-oci (soap)',
  method: 'password',
  setup: async () => {
    const sim = await startBroadworksSimulator({ port: 0 });
    const soapUrl = sim.soapUrl!;
    // The kit reaches the simulator by its SOAP address.
    const simulator: ContractSimulator = {
      host: sim.host,
      port: Number(new URL(soapUrl).port),
      url: soapUrl,
      outbox: [],
      setScenario: (name) => sim.setScenario(name),
      close: () => sim.close(),
    };
    return { simulator, connector: soapConnector(soapUrl) };
  },
  connectorFor: ({ host, port }) => soapConnector(`http://${host}:${port}${SOAP_PATH}`),
  valid: { identifier: 'alice@example.com', password: 'alice-password1' },
  invalid: { identifier: 'alice@example.com', password: 'wrong' },
  expectedUser,
  faults,
  secrets: [ADMIN.adminPassword],
});
