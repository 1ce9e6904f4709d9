import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatBanner, simulatorRegistry, startSimulators } from '../registry.js';

describe('registry entries: digipass-gateway and openiam', () => {
  it('start on free ports, print their demo accounts, and close', async () => {
    const started = await startSimulators({ only: ['digipass-gateway', 'openiam'], scenarios: { openiam: 'slow' } });
    try {
      const urls = started.simulators.map(({ sim }) => sim.url);
      expect(urls).toHaveLength(2);
      for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const banner = formatBanner(started);
      expect(banner).toContain('dora / 012345');
      expect(banner).toContain('demo-frontend-api-key');
      expect(banner).toContain('olivia@example.com');
      const res = await fetch(`${urls[0]}/rest/v2/authentication/authUser`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(':demo-frontend-api-key').toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ userID: 'dora', password: '012345' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await started.close();
    }
  });

  it('--port-base gives every simulator its own port (broadworks-oci also takes offset + 1 for SOAP)', async () => {
    const taken = simulatorRegistry.flatMap((e) =>
      e.name === 'broadworks-oci' ? [e.portOffset, e.portOffset + 1] : [e.portOffset],
    );
    expect(new Set(taken).size).toBe(taken.length);
    // And for real: the REST simulators side by side on one base.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const base = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const started = await startSimulators({ only: ['authing', 'digipass-gateway', 'openiam'], portBase: base });
    try {
      expect(started.simulators.map(({ sim }) => sim.port).sort()).toEqual(
        simulatorRegistry
          .filter((e) => ['authing', 'digipass-gateway', 'openiam'].includes(e.name))
          .map((e) => base + e.portOffset)
          .sort(),
      );
    } finally {
      await started.close();
    }
  });
});
