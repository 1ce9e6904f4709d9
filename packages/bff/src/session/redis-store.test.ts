import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient } from '../store/redis.js';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.mjs';
import { RedisSessionStore } from './redis-store.js';
import type { SessionRecord } from './store.js';

const SECRET = 'a-session-secret-that-is-long-enough-1';
const logs: Array<{ obj: object; msg?: string | undefined }> = [];
const logger = {
  info: (obj: object, msg?: string) => logs.push({ obj, msg }),
  warn: (obj: object, msg?: string) => logs.push({ obj, msg }),
  error: (obj: object, msg?: string) => logs.push({ obj, msg }),
};

let redis: RedisServerHandle;
let client: Redis;
let now = 1_000_000;
const store = (secrets = [SECRET]) =>
  new RedisSessionStore({ client, secrets, absoluteTimeoutMs: 600_000, ownsClient: false, now: () => now });
const IDLE = 60_000;
const session = (id: string): SessionRecord => ({
  user: { id, provider: 'fake' },
  upstream: { token: `upstream-token-of-${id}` },
  createdAt: now,
  lastSeen: now,
});

beforeAll(async () => {
  redis = await startRedisServer();
  client = createRedisClient(redis.url, logger, { commandTimeoutMs: 500, maxReconnectDelayMs: 100 });
  await new Promise<void>((resolve) => client.once('ready', () => resolve()));
});
afterAll(async () => {
  await closeRedisClient(client);
  await redis.stop();
});

describe('RedisSessionStore', () => {
  it('round-trips a session, encrypted at rest, keyed by a hash of the id', async () => {
    const s = store();
    await s.set('sid-1', session('alice'), IDLE);
    expect(await s.get('sid-1')).toEqual(session('alice'));
    const keys = await client.keys('*');
    expect(keys.join(' ')).not.toContain('sid-1');
    const dump = JSON.stringify(
      await Promise.all(
        keys.map(async (k): Promise<unknown> =>
          (await client.type(k)) === 'hash' ? client.hgetall(k) : client.smembers(k),
        ),
      ),
    );
    expect(dump).not.toContain('upstream-token');
    expect(dump).not.toContain('alice');
    const ttl = await client.pttl(keys.find((k) => k.includes(':s:'))!);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('enforces the absolute timeout from createdAt, whatever the activity', async () => {
    const s = store();
    await s.set('sid-abs', session('bob'), IDLE);
    now += 599_000;
    expect(await s.get('sid-abs')).toBeDefined();
    await s.set('sid-abs', { ...session('bob'), createdAt: now }, IDLE); // a later createdAt cannot extend it
    now += 2_000;
    expect(await s.get('sid-abs')).toBeUndefined();
  });

  it('destroy deletes, and a late write from an in-flight request cannot resurrect it', async () => {
    const s = store();
    await s.set('sid-2', session('carol'), IDLE);
    await s.destroy('sid-2');
    expect(await s.get('sid-2')).toBeUndefined();
    expect(await s.set('sid-2', session('carol'), IDLE)).toBe(false);
    expect(await s.get('sid-2')).toBeUndefined();
  });

  it('an id that never held a session gets a short tombstone (5 min), not one for the whole absolute timeout', async () => {
    const s = store();
    await s.destroy('sid-never-stored');
    expect(await s.set('sid-never-stored', session('dan'), IDLE)).toBe(false);
    const gone = (await client.keys('*:gone')).map((k) => client.pttl(k));
    const ttls = await Promise.all(gone);
    // sid-2's tombstone lives as long as its session could have (about the 600 s absolute timeout).
    expect(ttls.filter((t) => t > 300_000)).toHaveLength(1);
    expect(ttls.filter((t) => t > 290_000 && t <= 300_000)).toHaveLength(1);
  });

  it('mustExist writes only over a live session (SET XX semantics)', async () => {
    const s = store();
    expect(await s.set('fresh', session('hank'), IDLE, { mustExist: true })).toBe(false);
    expect(await s.get('fresh')).toBeUndefined();
    expect(await s.set('fresh', session('hank'), IDLE)).toBe(true);
    expect(await s.set('fresh', session('hank'), IDLE, { mustExist: true })).toBe(true);
  });

  it('revokes every session of one user, and only theirs', async () => {
    const s = store();
    await s.set('d-1', session('dave'), IDLE);
    await s.set('d-2', session('dave'), IDLE);
    await s.set('e-1', session('erin'), IDLE);
    expect(await s.revokeUser('dave')).toBe(2);
    expect(await s.get('d-1')).toBeUndefined();
    expect(await s.get('d-2')).toBeUndefined();
    expect(await s.get('e-1')).toBeDefined();
  });

  it('rotation: a session written under the old secret still reads; a retired secret signs it out', async () => {
    await store(['old-secret-old-secret-old-secret-00']).set('rot', session('frank'), IDLE);
    expect(await store([SECRET, 'old-secret-old-secret-old-secret-00']).get('rot')).toMatchObject({
      user: { id: 'frank' },
    });
    expect(await store([SECRET]).get('rot')).toBeUndefined();
  });

  it('fails fast while Redis is down (no hang), logs once, and recovers by itself', async () => {
    const s = store();
    logs.length = 0;
    await redis.kill();
    const started = Date.now();
    await expect(s.get('sid-1')).rejects.toThrow();
    await expect(s.set('x', session('x'), IDLE)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
    await new Promise((r) => setTimeout(r, 300)); // several reconnect attempts
    expect(logs.filter((l) => (l.obj as { event?: string }).event === 'redis_down')).toHaveLength(1);
    await redis.restart();
    const deadline = Date.now() + 5_000;
    while (client.status !== 'ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await s.set('after', session('grace'), IDLE);
    expect(await s.get('after')).toMatchObject({ user: { id: 'grace' } });
    expect(logs.some((l) => (l.obj as { event?: string }).event === 'redis_up')).toBe(true);
  });
});
