/**
 * Builds rate limiters for the configured store. Memory now; a Redis store (shared by every
 * instance, atomic consume-before-verify, docs/security.md A-03) plugs in HERE and nowhere else:
 * return a `RateLimiterRedis` with the same spec when `store` is `{redis}`.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { redisLimiterFactory } from './redis-limiter.js';

export type LimiterStore = 'memory' | { redis: string };

export interface LimiterSpec {
  /** Namespace of the keys (`signin:acct`, `code:ip`, ...). */
  keyPrefix: string;
  /** Points in one window. */
  points: number;
  windowMs: number;
  /** Once exceeded, refuse every consume for this long. */
  blockMs?: number;
}

export type LimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

export function limiterFactory(store: LimiterStore, redis?: Redis): LimiterFactory {
  if (store !== 'memory') {
    // Refuse at start-up rather than silently falling back to per-process counters.
    if (!redis) throw new Error('session.store redis: a Redis client is required (stores.ts builds it)');
    return redisLimiterFactory(redis); // redis-limiter.ts: atomic, shared, fail closed
  }
  return (spec) =>
    new RateLimiterMemory({
      keyPrefix: spec.keyPrefix,
      points: spec.points,
      duration: spec.windowMs / 1000,
      blockDuration: (spec.blockMs ?? 0) / 1000,
    });
}
