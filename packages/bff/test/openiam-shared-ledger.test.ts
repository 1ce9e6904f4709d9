/**
 * OpenIAM's attempt limit holds across instances (docs/security.md B-04, T11): two BFF instances
 * on ONE real redis-server and the OpenIAM simulator. The same pre-auth session (shared through
 * Redis) fires wrong codes at both instances at once, round after round: the shared ledger
 * (connectors/openiam/flow.ts on the Redis ConnectorStore) lets at most `maxAttempts` checks reach
 * OpenIAM in all, and then burns the code, so even the right one is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenIamSimulator, type RunningSimulator } from '@auth-login/simulators';
import { startRedisServer, type RedisServerHandle } from './support/redis-server.mjs';
import { Browser, baseConfig, startBff, type RunningBff } from './support/bff-harness.js';

const MAX_ATTEMPTS = 3;
const OLIVIA = 'olivia@example.com';

let redis: RedisServerHandle;
let sim: RunningSimulator;
let a: RunningBff;
let b: RunningBff;

beforeAll(async () => {
  [redis, sim] = await Promise.all([startRedisServer(), startOpenIamSimulator({ port: 0, slowMs: 150 })]);
  const config = baseConfig({
    session: { store: { redis: redis.url } },
    methods: { otp: { connector: 'iam' } },
    limits: {
      perAccount: { failures: 100 },
      accountCeiling: { failures: 100 },
      perIp: { failures: 100 },
      codeSend: { perDestination: 50, perIp: 100, resendAfter: '1ms' },
    },
    connectors: {
      iam: {
        type: 'openiam',
        url: sim.url,
        timeout: '3s',
        maxAttempts: MAX_ATTEMPTS,
        addresses: { trustUpstream: true },
      },
    },
  });
  a = await startBff(config, { throttleDelayMs: 1, readyCacheMs: 0 });
  b = await startBff(config, { throttleDelayMs: 1, readyCacheMs: 0 });
  // Until both have their Redis connection (before that, fail closed with 503).
  for (const bff of [a, b]) {
    const started = Date.now();
    while ((await fetch(`${bff.url}/readyz`)).status !== 200) {
      if (Date.now() - started > 5_000) throw new Error('BFF did not become ready');
      await new Promise((r) => setTimeout(r, 25));
    }
  }
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await sim?.close();
  await redis?.stop();
});

const checks = () => sim.calls.filter((c) => c.kind.endsWith('/check-verification-code')).length;

describe('OpenIAM ledger in the shared store', () => {
  it('N instances allow maxAttempts checks in all, not N×; then the code is burned everywhere', async () => {
    const browser = new Browser();
    expect((await browser.post(`${a.url}/auth/otp/code`, { identifier: OLIVIA })).status).toBe(202);
    const code = sim.outbox.at(-1)!.code;
    const wrong = code === '000000' ? '111111' : '000000';
    const before = checks();
    sim.setScenario('slow'); // every check takes 150 ms: the concurrent ones overlap
    try {
      for (let round = 0; round < 5; round++) {
        const replies = await Promise.all(
          [a, b, a, b].map((bff) => browser.request(`${bff.url}/auth/otp`, 'POST', { identifier: OLIVIA, otp: wrong })),
        );
        for (const r of replies) expect(r.status).toBe(401);
      }
    } finally {
      sim.setScenario('ok');
    }
    expect(checks() - before).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(checks() - before).toBeGreaterThan(0);
    for (const bff of [a, b]) {
      const right = await browser.post(`${bff.url}/auth/otp`, { identifier: OLIVIA, otp: code });
      expect([right.status, (right.body as { error?: { code?: string } }).error?.code]).toEqual([401, 'invalid_code']);
    }
  });

  it('a right code within the limit signs in through either instance', async () => {
    const browser = new Browser();
    await new Promise((r) => setTimeout(r, 1_100)); // the resend interval (whole seconds in Redis)
    expect((await browser.post(`${b.url}/auth/otp/code`, { identifier: OLIVIA })).status).toBe(202);
    const code = sim.outbox.at(-1)!.code;
    expect(
      (await browser.post(`${a.url}/auth/otp`, { identifier: OLIVIA, otp: code === '000000' ? '1' : '000000' })).status,
    ).toBe(401);
    expect((await browser.post(`${b.url}/auth/otp`, { identifier: OLIVIA, otp: code })).status).toBe(200);
  });
});
