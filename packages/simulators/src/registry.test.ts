import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatBanner, startSimulators } from './registry.js';

describe('simulator registry', () => {
  it('starts broadworks-oci on port-base + offset (SOAP next to it), prints address and accounts, closes', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const base = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const started = await startSimulators({ only: ['broadworks-oci'], portBase: base });
    try {
      const [bw] = started.simulators;
      expect(bw?.sim.url).toBe(`tcp://127.0.0.1:${base}`);
      const banner = formatBanner(started);
      expect(banner).toContain(`http://127.0.0.1:${base + 1}/webservice/services/ProvisioningService`);
      expect(banner).toContain('alice@example.com / alice-password1');
    } finally {
      await started.close();
    }
    // closed: the port is free again
    const again = net.createServer();
    await new Promise<void>((r, j) => again.once('error', j).listen(base, '127.0.0.1', r));
    await new Promise((r) => again.close(r));
  });

  it('refuses unknown names', async () => {
    await expect(startSimulators({ only: ['nope'] })).rejects.toThrow(/unknown simulator/);
  });
});
