/**
 * Throttling counters in Redis, shared by every BFF instance (issue 8; docs/security.md A-03, T10):
 * rate-limiter-flexible's `RateLimiterRedis` on the shared ioredis client. Its consume is ONE Lua
 * script (INCRBY + TTL), so 25 attempts on A and 25 on B at the same instant still count to 50:
 * the lock trips at the configured threshold in total, never at N × threshold.
 *
 * Two adjustments to the stock limiter:
 * - Fail closed, clearly: a Redis failure becomes AuthError 503 (never a silent allow, never a
 *   500), and `rejectIfRedisNotReady` refuses at once while disconnected. No `insuranceLimiter`:
 *   per-process fallback counters would multiply the limit by the number of instances.
 * - Keys hold a hash of the account / IP / destination, not the identifier itself
 *   (`auth-login:rl:<prefix>:<sha256>`), so a Redis dump lists no user names or phone numbers.
 */
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterFactory, LimiterSpec } from './limiter-factory.js';
import { hashForKey, storeUnavailable } from '../store/redis.js';

const failClosed = (error: unknown): never => {
  // A refusal (RateLimiterRes) is an answer, not a failure: pass it on untouched.
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rate-limiter-flexible's contract: a refusal rejects with RateLimiterRes
  if (error instanceof RateLimiterRes) throw error;
  throw storeUnavailable(error);
};

class SharedRateLimiter extends RateLimiterRedis {
  override getKey(key: string | number): string {
    return super.getKey(hashForKey(String(key)));
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    return super.consume(key, points, options).catch(failClosed);
  }

  override reward(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    return super.reward(key, points, options).catch(failClosed);
  }

  override penalty(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    return super.penalty(key, points, options).catch(failClosed);
  }

  override get(key: string | number, options?: Record<string, unknown>): Promise<RateLimiterRes | null> {
    return super.get(key, options).catch(failClosed);
  }

  override delete(key: string | number, options?: Record<string, unknown>): Promise<boolean> {
    return super.delete(key, options).catch(failClosed);
  }
}

/** Seconds for Redis `EX`: whole, at least 1 (a 500ms window must not become "no expiry"). */
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function redisLimiterFactory(client: Redis, keyPrefix = 'auth-login:rl:'): LimiterFactory {
  return (spec: LimiterSpec): RateLimiterAbstract =>
    new SharedRateLimiter({
      storeClient: client,
      rejectIfRedisNotReady: true,
      keyPrefix: `${keyPrefix}${spec.keyPrefix}`,
      points: spec.points,
      duration: seconds(spec.windowMs),
      blockDuration: spec.blockMs ? seconds(spec.blockMs) : 0,
    });
}
