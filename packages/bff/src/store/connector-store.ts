/**
 * The Redis `ConnectorStore` (connectors/connector.ts): what a connector must count or remember
 * across BFF instances (OpenIAM's attempt and single-use ledger), on the BFF's one ioredis client,
 * under `auth-login:c:<connector name>:`. The counter is one Lua script (INCRBY + PEXPIRE on
 * creation), so concurrent instances never lose an increment or leave a counter without expiry.
 */
import type { Redis } from 'ioredis';
import type { ConnectorStore } from '../connectors/connector.js';

const INCR = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

type WithIncr = Redis & { authLoginConnectorIncr(key: string, by: number, ttlMs: number): Promise<number> };

export class RedisConnectorStore implements ConnectorStore {
  readonly #client: WithIncr;
  readonly #prefix: string;

  constructor(client: Redis, connectorName: string, keyPrefix = 'auth-login:') {
    if (!('authLoginConnectorIncr' in client)) {
      client.defineCommand('authLoginConnectorIncr', { numberOfKeys: 1, lua: INCR });
    }
    this.#client = client as WithIncr;
    this.#prefix = `${keyPrefix}c:${connectorName}:`;
  }

  async incr(key: string, ttlMs: number, by = 1): Promise<number> {
    return Number(await this.#client.authLoginConnectorIncr(this.#prefix + key, by, Math.max(1, Math.ceil(ttlMs))));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.#client.set(this.#prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#client.get(this.#prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#client.set(this.#prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.#client.del(this.#prefix + key);
  }
}
