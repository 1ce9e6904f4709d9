/**
 * The one ioredis client the BFF shares between the session store and the throttling counters
 * (issue 8 "Scale-out"; docs/security.md §1.7 "Sessions", "Throttling").
 *
 * Fail closed, never hang: when Redis is down every command is rejected AT ONCE
 * (`enableOfflineQueue: false`), a command on a half-dead socket gives up after `commandTimeout`,
 * and ioredis keeps reconnecting in the background (`retryStrategy` never returns null), so the
 * BFF recovers by itself when Redis is back. Callers turn a rejected command into
 * 503 `upstream_unavailable` with `storeUnavailable()` below.
 *
 * One log line per transition (down / back), not one per reconnect attempt, and never the
 * password of the Redis URL.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { AuthError } from '../errors.js';

/** The logger subset used here (pino-compatible). */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RedisClientOptions {
  /** Max time one command may take once sent, in ms. Default 1000. */
  commandTimeoutMs?: number;
  /** Max time to establish the TCP connection, in ms. Default 2000. */
  connectTimeoutMs?: number;
  /** Longest pause between reconnect attempts, in ms. Default 1000. */
  maxReconnectDelayMs?: number;
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0` (for logs). */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'redis://(unparseable url)';
  }
}

export function createRedisClient(url: string, logger: StoreLogger, options: RedisClientOptions = {}): Redis {
  const where = redactRedisUrl(url);
  const maxDelay = options.maxReconnectDelayMs ?? 1_000;
  const client = new Redis(url, {
    // Fail fast instead of queueing while disconnected: a queued sign-in is a hung sign-in.
    enableOfflineQueue: false,
    // A command already sent on a socket that then dies is retried at most once, then rejected.
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    // Never give up reconnecting: recovery must need no operator.
    retryStrategy: (times) => Math.min(50 * times, maxDelay),
    // Reconnect on READONLY (a replica promoted / failover) as ioredis' docs recommend.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    lazyConnect: false,
  });

  let up: boolean | undefined;
  client.on('ready', () => {
    if (up === false)
      logger.info({ event: 'redis_up', redis: where }, 'redis is reachable again: sessions and sign-ins resume');
    up = true;
  });
  client.on('error', (error: Error & { code?: string }) => {
    if (up === false) return; // already reported; ioredis emits one per reconnect attempt
    up = false;
    logger.error(
      { event: 'redis_down', redis: where, err: { code: error.code, message: error.message } },
      'redis is unreachable: sign-ins and session checks fail closed with 503 until it is back',
    );
  });
  client.on('end', () => {
    up = undefined;
  });
  return client;
}

/** A stable, non-reversible name for a secret identifier (session id, user id, account) in a Redis key. */
export function hashForKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** The error every Redis failure becomes at the HTTP boundary: 503, nothing internal exposed. */
export function storeUnavailable(cause: unknown): AuthError {
  if (cause instanceof AuthError) return cause;
  return new AuthError('upstream_unavailable', {
    message: 'The service is temporarily unavailable. Try again shortly.',
    cause,
  });
}

/** Closes the client: QUIT when connected (flushes pending replies), else disconnect at once. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through to a hard disconnect
    }
  }
  client.disconnect(false);
}
