import { describe, expect, it } from 'vitest';
import { formatBanner, startSimulators } from '../registry.js';

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
        method: 'POST', headers: { authorization: `Basic ${Buffer.from(':demo-frontend-api-key').toString('base64')}` },
        body: JSON.stringify({ userID: 'dora', password: '012345' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await started.close();
    }
  });
});
