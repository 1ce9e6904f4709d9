/**
 * Where the BFF keeps shared state, chosen by `session.store` (docs/architecture.md "BFF configuration"):
 *
 *   store: memory                              → sessions, throttling counters and connector state in this process
 *   store: { redis: redis://127.0.0.1:6379/0 } → all in Redis, shared by every instance
 *
 * With Redis, ONE ioredis client serves the session store and the limiters; closing the session
 * store closes it (the BFF's close(), after the connectors).
 */
import type { Redis } from 'ioredis';
import type { ConnectorStore } from './connectors/connector.js';
import { MemoryConnectorStore } from './connectors/shared/memory-store.js';
import type { BffConfig } from './config/schema.js';
import { limiterFactory, type LimiterFactory } from './security/limiter-factory.js';
import { MemorySessionStore } from './session/memory-store.js';
import { RedisSessionStore } from './session/redis-store.js';
import type { SessionStore } from './session/store.js';
import { RedisConnectorStore } from './store/connector-store.js';
import { closeRedisClient, createRedisClient, type StoreLogger } from './store/redis.js';

export interface Stores {
  store: SessionStore;
  makeLimiter: LimiterFactory;
  /** The shared key-value store of one connector (connector.ts `ConnectorStore`), by connector name. */
  connectorStore: (name: string) => ConnectorStore;
  /** The shared client when `session.store` is Redis (for readiness checks and tests). */
  redis?: Redis;
}

export function createStores(
  config: Pick<BffConfig, 'session'>,
  logger: StoreLogger,
  options: { sessionStore?: SessionStore | undefined; now: () => number },
): Stores {
  const kind = config.session.store;
  if (kind === 'memory') {
    return {
      store: options.sessionStore ?? new MemorySessionStore({ now: options.now }),
      makeLimiter: limiterFactory(kind),
      connectorStore: () => new MemoryConnectorStore(),
    };
  }
  const redis = createRedisClient(kind.redis, logger);
  const store = options.sessionStore
    ? closingClientToo(options.sessionStore, redis)
    : new RedisSessionStore({
        client: redis,
        secrets: config.session.secrets,
        absoluteTimeoutMs: config.session.absoluteTimeout,
        ownsClient: true,
        now: options.now,
      });
  return {
    store,
    makeLimiter: limiterFactory(kind, redis),
    connectorStore: (name) => new RedisConnectorStore(redis, name),
    redis,
  };
}

/** A caller-supplied store with Redis limiters: closing the store must close the client too. */
function closingClientToo(store: SessionStore, redis: Redis): SessionStore {
  return {
    get: (id) => store.get(id),
    set: (id, record, ttlMs, opts) => store.set(id, record, ttlMs, opts),
    destroy: (id) => store.destroy(id),
    ...(store.revokeUser ? { revokeUser: (userId: string) => store.revokeUser!(userId) } : {}),
    ...(store.ready ? { ready: () => store.ready!() } : {}),
    close: async () => {
      await store.close?.();
      await closeRedisClient(redis);
    },
  };
}
