/**
 * The two ConnectorStore implementations keep one contract (connectors/connector.ts): the memory
 * one, and the Redis one against a real redis-server, several clients racing on one counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { ConnectorStore } from '../connectors/connector.js';
import { MemoryConnectorStore } from '../connectors/shared/memory-store.js';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.mjs';
import { RedisConnectorStore } from './connector-store.js';
import { closeRedisClient, createRedisClient } from './redis.js';

const logger = { info() {}, warn() {}, error() {} };
let redis: RedisServerHandle;
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  for (let i = 0; i < 3; i++) {
    const client = createRedisClient(redis.url, logger);
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    clients.push(client);
  }
});
afterAll(async () => {
  for (const c of clients) await closeRedisClient(c);
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ['memory', () => new MemoryConnectorStore()],
  ['redis', () => new RedisConnectorStore(clients[0]!, `t${Math.random()}`)],
] as const)('%s ConnectorStore', (_name, make: () => ConnectorStore) => {
  it('incr creates at 0 with the ttl, adds, subtracts, and expires', async () => {
    const s = make();
    expect(await s.incr('n', 150)).toBe(1);
    expect(await s.incr('n', 150, 2)).toBe(3);
    expect(await s.incr('n', 150, -1)).toBe(2);
    await sleep(250);
    expect(await s.incr('n', 150)).toBe(1);
  });

  it('setIfAbsent, get, set, delete', async () => {
    const s = make();
    expect(await s.get('k')).toBeUndefined();
    expect(await s.setIfAbsent('k', 'a', 10_000)).toBe(true);
    expect(await s.setIfAbsent('k', 'b', 10_000)).toBe(false);
    expect(await s.get('k')).toBe('a');
    await s.set('k', 'c', 10_000);
    expect(await s.get('k')).toBe('c');
    await s.delete('k');
    expect(await s.setIfAbsent('k', 'd', 100)).toBe(true);
    await sleep(200);
    expect(await s.get('k')).toBeUndefined();
  });
});

it('redis: concurrent increments from three clients lose nothing; names are namespaced per connector', async () => {
  const name = `race${Math.random()}`;
  const stores = clients.map((c) => new RedisConnectorStore(c, name));
  const results = await Promise.all(Array.from({ length: 90 }, (_, i) => stores[i % 3]!.incr('n', 10_000)));
  expect(new Set(results).size).toBe(90);
  expect(Math.max(...results)).toBe(90);
  expect(await new RedisConnectorStore(clients[0]!, `other${name}`).get('n')).toBeUndefined();
  expect(await clients[0]!.pttl(`auth-login:c:${name}:n`)).toBeGreaterThan(0);
});
