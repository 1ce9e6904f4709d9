/**
 * Scale-out (issue 8; docs/security.md T06, T10): two BFF instances on ONE real redis-server share
 * sessions and throttling counters; a Redis outage fails closed (503, fast) and heals by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisSessionStore } from '../src/session/redis-store.js';
import { startRedisServer, type RedisServerHandle } from './support/redis-server.mjs';
import {
  Browser,
  SECRET,
  baseConfig,
  fakePasswordConnector,
  startBff,
  type RunningBff,
} from './support/bff-harness.js';

let redis: RedisServerHandle;
let a: RunningBff;
let b: RunningBff;
const upstream = { count: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilReady(bff: RunningBff, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const res = await fetch(`${bff.url}/readyz`);
    if (res.status === 200) return Date.now() - started;
    await sleep(25);
  }
  throw new Error('BFF did not become ready');
}

beforeAll(async () => {
  redis = await startRedisServer();
  const config = baseConfig({
    session: { store: { redis: redis.url } },
    methods: { password: { connector: 'fake' } },
    limits: { perAccount: { failures: 5 } },
  });
  // Two instances, two connector objects: only Redis is shared.
  a = await startBff(config, { connectors: { fake: fakePasswordConnector(upstream) }, throttleDelayMs: 1 });
  b = await startBff(config, { connectors: { fake: fakePasswordConnector(upstream) }, throttleDelayMs: 1 });
  await Promise.all([untilReady(a), untilReady(b)]);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

const alice = { identifier: 'alice', password: 'right-password' };

describe('two BFF instances on one Redis', () => {
  it('a session made on A works on B; sign-out on B ends it on A too', async () => {
    const browser = new Browser();
    expect((await browser.post(`${a.url}/auth/password`, alice)).status).toBe(200);
    const onB = await browser.get(`${b.url}/auth/session`);
    expect(onB.body).toMatchObject({ authenticated: true, user: { id: 'alice' } });

    const stolen = new Browser();
    stolen.cookie = browser.cookie;
    expect((await browser.post(`${b.url}/auth/logout`)).status).toBe(204);
    expect((await stolen.get(`${a.url}/auth/session`)).body).toEqual({ authenticated: false });
    expect((await stolen.get(`${b.url}/auth/session`)).body).toEqual({ authenticated: false });
  });

  it('stores nothing secret in clear: no ids, user names, tokens or cookies in Redis', async () => {
    const browser = new Browser();
    await browser.post(`${a.url}/auth/password`, alice);
    await browser.post(`${b.url}/auth/password`, { identifier: 'mallory', password: 'wrong-guess' });
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      const values = await Promise.all(
        keys.map(async (k): Promise<unknown> => {
          const type = await client.type(k);
          if (type === 'hash') return client.hgetall(k);
          if (type === 'set') return client.smembers(k);
          return client.get(k);
        }),
      );
      const dump = JSON.stringify({ keys, values });
      const sid = decodeURIComponent(browser.cookie.split('=')[1]!).split('.')[0]!;
      for (const secret of [
        'alice',
        'mallory',
        'right-password',
        'wrong-guess',
        'upstream-secret-token',
        sid,
        SECRET,
      ]) {
        expect(dump, `Redis holds ${secret}`).not.toContain(secret);
      }
    } finally {
      client.disconnect();
    }
  });

  it('failed attempts on A and B add up to ONE lock, and the upstream sees at most the threshold', async () => {
    const before = upstream.count;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const target = i % 2 === 0 ? a : b;
      statuses.push(
        (await new Browser().post(`${target.url}/auth/password`, { identifier: 'bob', password: `guess-${i}` })).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(upstream.count - before).toBe(5);
    // Locked on both instances, the right password included.
    const locked = await new Browser().post(`${b.url}/auth/password`, { identifier: 'bob', password: 'anything' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a concurrent burst on both instances cannot get past the threshold (atomic counting)', async () => {
    const before = upstream.count;
    const burst = Array.from({ length: 20 }, (_, i) =>
      new Browser().post(`${(i % 2 ? a : b).url}/auth/password`, { identifier: 'carol', password: `burst-${i}` }),
    );
    const statuses = (await Promise.all(burst)).map((r) => r.status);
    expect(upstream.count - before).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
  });

  it('revoking a user ends all their sessions on every instance', async () => {
    const phone = new Browser();
    const laptop = new Browser();
    await phone.post(`${a.url}/auth/password`, alice);
    await laptop.post(`${b.url}/auth/password`, alice);
    const client = new Redis(redis.url);
    try {
      const admin = new RedisSessionStore({
        client,
        secrets: [SECRET],
        absoluteTimeoutMs: 12 * 3_600_000,
        ownsClient: false,
      });
      expect(await admin.revokeUser('alice')).toBeGreaterThanOrEqual(2);
    } finally {
      client.disconnect();
    }
    expect((await phone.get(`${b.url}/auth/session`)).body).toEqual({ authenticated: false });
    expect((await laptop.get(`${a.url}/auth/session`)).body).toEqual({ authenticated: false });
  });

  it('idle expiry is the Redis TTL: an unused session disappears from Redis by itself', async () => {
    const config = baseConfig({
      session: { store: { redis: redis.url }, idleTimeout: '1s', absoluteTimeout: '1h' },
      methods: { password: { connector: 'fake' } },
    });
    const quick = await startBff(config, { connectors: { fake: fakePasswordConnector(upstream) }, throttleDelayMs: 1 });
    const client = new Redis(redis.url);
    try {
      await untilReady(quick);
      const sessionKeys = async () => (await client.keys('auth-login:s:*')).filter((k) => !k.endsWith(':gone'));
      const before = new Set(await sessionKeys());
      const browser = new Browser();
      expect((await browser.post(`${quick.url}/auth/password`, alice)).status).toBe(200);
      const mine = (await sessionKeys()).filter((k) => !before.has(k));
      expect(mine).toHaveLength(1);
      const ttl = await client.pttl(mine[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1_000);
      await sleep(1_200);
      expect(await client.exists(mine[0]!)).toBe(0); // Redis dropped it: no sweeper needed
      expect((await browser.get(`${quick.url}/auth/session`)).body).toEqual({ authenticated: false });
    } finally {
      client.disconnect();
      await quick.close();
    }
  });

  it('Redis down: sessions and sign-ins fail closed with 503 at once, one log line; back: it heals', async () => {
    const browser = new Browser();
    expect((await browser.post(`${a.url}/auth/password`, alice)).status).toBe(200);
    const callsBefore = upstream.count;
    await redis.kill();

    const session = await browser.get(`${b.url}/auth/session`);
    expect(session.status).toBe(503);
    expect(session.body).toMatchObject({ error: { code: 'upstream_unavailable' } });
    expect(session.ms).toBeLessThan(1_500);
    const signIn = await new Browser().post(`${a.url}/auth/password`, alice);
    expect(signIn.status).toBe(503);
    expect(signIn.ms).toBeLessThan(1_500);
    expect(upstream.count).toBe(callsBefore); // fail closed: the upstream was never asked
    expect((await fetch(`${a.url}/readyz`)).status).toBe(503);
    // A few more requests while down: still 503, never 500, never a hang.
    const during = await Promise.all([1, 2, 3].map(() => new Browser().post(`${b.url}/auth/password`, alice)));
    expect(during.map((r) => r.status)).toEqual([503, 503, 503]);
    await sleep(300);
    const downLines = a.logs.filter((l) => l.includes('"redis_down"'));
    expect(downLines).toHaveLength(1);
    expect(downLines[0]).toContain('fail closed');

    await redis.restart(); // an empty Redis: sessions from before are gone (no persistence)
    const recoveredIn = await untilReady(a);
    await untilReady(b);
    expect(recoveredIn).toBeLessThan(5_000);
    const again = new Browser();
    expect((await again.post(`${b.url}/auth/password`, alice)).status).toBe(200);
    expect((await again.get(`${a.url}/auth/session`)).body).toMatchObject({ authenticated: true });
    expect(a.logs.some((l) => l.includes('"redis_up"'))).toBe(true);
  });
});
