/** The shared connector contract, for both transports and both tabs this connector serves. */
import { defaultBroadworksAccounts, startBroadworksSimulator } from '@auth-login/simulators';
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
  name: 'broadworks-oci (tcp, passcodeLogin: phone number + passcode)',
  method: 'password',
  setup: async () => {
    const simulator = await startBroadworksSimulator({ port: 0, soap: false });
    return { simulator, connector: tcpConnector(simulator.port, { passcodeLogin: true }) };
  },
  connectorFor: ({ port }) => tcpConnector(port, { passcodeLogin: true }),
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

// Without passcodeLogin (the default) an all-digit identifier is a userId with the web password.
describeConnectorContract({
  name: 'broadworks-oci (tcp, all-digit userId, passcodeLogin off)',
  method: 'password',
  setup: async () => {
    const simulator = await startBroadworksSimulator({
      port: 0,
      soap: false,
      accounts: [...defaultBroadworksAccounts, { userId: '2025550199', password: 'dana-password1', firstName: 'Dana' }],
    });
    return { simulator, connector: tcpConnector(simulator.port) };
  },
  connectorFor: ({ port }) => tcpConnector(port),
  valid: { identifier: '2025550199', password: 'dana-password1' },
  invalid: { identifier: '2025550199', password: 'wrong' },
  expectedUser: { id: '2025550199', displayName: 'Dana' },
  faults,
  secrets: [ADMIN.adminPassword],
});

// The admin session dropped server-side before the first verification (the suite's first check);
// over SOAP also each way an XSP may report it, and behind a balancer with a sticky cookie.
const soapVariants: Array<{ label: string; options: Record<string, unknown> }> = [
  { label: 'session expiry as SOAP fault', options: { soapSessionExpiry: 'fault' } },
  { label: 'session expiry as OCI 5404', options: { soapSessionExpiry: 'oci-error' } },
  { label: 'sticky load-balancer cookie', options: { stickyCookie: 'BIGipServerXSP' } },
];
describeConnectorContract({
  name: 'broadworks-oci (tcp, admin session expired)',
  method: 'password',
  setup: async () => {
    const simulator = await startBroadworksSimulator({ port: 0, soap: false, scenario: 'admin-session-expired' });
    const connector = tcpConnector(simulator.port);
    await connector.ready({ signal: AbortSignal.timeout(5_000) });
    return { simulator, connector };
  },
  connectorFor: ({ port }) => tcpConnector(port),
  valid: { identifier: 'alice@example.com', password: 'alice-password1' },
  invalid: { identifier: 'alice@example.com', password: 'wrong' },
  expectedUser,
  faults,
  secrets: [ADMIN.adminPassword],
});
for (const variant of soapVariants) {
  describeConnectorContract({
    name: `broadworks-oci (soap, ${variant.label}, admin session expired)`,
    method: 'password',
    setup: async () => {
      const sim = await startBroadworksSimulator({ port: 0, scenario: 'admin-session-expired', ...variant.options });
      const soapUrl = sim.soapUrl!;
      const simulator: ContractSimulator = {
        host: sim.host,
        port: Number(new URL(soapUrl).port),
        url: soapUrl,
        outbox: [],
        setScenario: (name) => sim.setScenario(name),
        close: () => sim.close(),
      };
      const connector = soapConnector(soapUrl);
      await connector.ready({ signal: AbortSignal.timeout(5_000) });
      return { simulator, connector };
    },
    connectorFor: ({ host, port }) => soapConnector(`http://${host}:${port}${SOAP_PATH}`),
    valid: { identifier: 'alice@example.com', password: 'alice-password1' },
    invalid: { identifier: 'alice@example.com', password: 'wrong' },
    expectedUser,
    faults,
    secrets: [ADMIN.adminPassword],
  });
}
