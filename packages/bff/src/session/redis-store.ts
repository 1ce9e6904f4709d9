/**
 * Sessions in Redis, shared by every BFF instance (issue 8 "Scale-out"; docs/security.md §1.7 "Sessions").
 *
 * What is stored (all keys under `keyPrefix`, default `auth-login:`):
 * - `s:<sha256(sid)>` — a HASH: `c` = createdAt (ms, clear: needed for the absolute timeout),
 *   `u` = the user-set key or '' (clear, a hash: no user id), `d` = the whole session object as JSON,
 *   AES-256-GCM encrypted (redis-crypto.ts). The session id itself is never stored, only its hash,
 *   so a Redis dump yields no usable cookie; user, upstream tokens and flow state are only in `d`.
 * - `u:<sha256(user.id)>` — a SET of the session keys of one user, for "revoke all".
 * - `s:<sha256(sid)>:gone` — a tombstone written by destroy/revoke, living as long as the session
 *   could have, so a request that was in flight during logout cannot write the session back
 *   ("resurrection", docs/security.md T06c).
 *
 * Expiry: the idle timeout IS the key's TTL (the `ttlMs` of every write: the BFF re-saves the
 * session with its idle TTL when it is used); the absolute timeout is checked against `c` on every
 * read and caps every TTL, so Redis drops the key at the absolute deadline at the latest. Every operation is one Lua script (atomic, one round trip).
 *
 * Failure: every method rejects fast when Redis is down (store/redis.ts); the caller answers 503.
 */
import type { Redis } from 'ioredis';
import { closeRedisClient, hashForKey, storeUnavailable } from '../store/redis.js';
import { SessionCipher } from './redis-crypto.js';
import type { SessionRecord, SessionStore } from './store.js';

export interface RedisSessionStoreOptions {
  client: Redis;
  /** `session.secrets` (newest first): the newest encrypts, all decrypt. */
  secrets: readonly string[];
  /** `session.absoluteTimeout`: checked on every read against the stored createdAt, caps every TTL. */
  absoluteTimeoutMs: number;
  keyPrefix?: string;
  /** Close the client in close() (default true: the store was given its own client). */
  ownsClient?: boolean;
  /** Clock, for tests. */
  now?: () => number;
}

// KEYS: session, tombstone, user set ('' user → KEYS[3] unused).
// ARGV: blob, ttlMs, now, absMs, userSetKey, createdAtHint, mustExist ('1'/'0'). → 1 written, 0 not.
const SET_SCRIPT = `
if redis.call('exists', KEYS[2]) == 1 then return 0 end
if ARGV[7] == '1' and redis.call('exists', KEYS[1]) == 0 then return 0 end
local now = tonumber(ARGV[3])
local c = tonumber(redis.call('hget', KEYS[1], 'c')) or tonumber(ARGV[6]) or now
local left = c + tonumber(ARGV[4]) - now
local ttl = math.min(tonumber(ARGV[2]), left)
if ttl <= 0 then redis.call('del', KEYS[1]) return 0 end
local old = redis.call('hget', KEYS[1], 'u')
if old and old ~= '' and old ~= ARGV[5] then redis.call('srem', old, KEYS[1]) end
redis.call('hset', KEYS[1], 'c', c, 'u', ARGV[5], 'd', ARGV[1])
redis.call('pexpire', KEYS[1], ttl)
if ARGV[5] ~= '' then
  redis.call('sadd', KEYS[3], KEYS[1])
  redis.call('pexpire', KEYS[3], ARGV[4])
end
return 1`;

// KEYS: session. ARGV: now, absMs. → {c, d} or {} (past the absolute deadline: deleted).
// The idle TTL is not refreshed here: the BFF re-saves the session (lastSeen) with its TTL.
const GET_SCRIPT = `
local v = redis.call('hmget', KEYS[1], 'c', 'd', 'u')
if not v[1] or not v[2] then return {} end
if tonumber(v[1]) + tonumber(ARGV[2]) <= tonumber(ARGV[1]) then
  redis.call('del', KEYS[1])
  if v[3] and v[3] ~= '' then redis.call('srem', v[3], KEYS[1]) end
  return {}
end
return {v[1], v[2]}`;

/** Longer than any request can take (connector timeouts are at most 60s: shared/duration.ts): 5 minutes. */
const IN_FLIGHT_MS = 5 * 60_000;

// KEYS: session. ARGV: now, absMs, inFlightMs. Deletes, unlinks from the user set, leaves a
// tombstone: as long as the session could have lived, or, for an id that holds nothing (the
// anonymous id every sign-in retires), only as long as a request in flight could still write it.
const DESTROY_SCRIPT = `
local v = redis.call('hmget', KEYS[1], 'c', 'u')
redis.call('del', KEYS[1])
if v[2] and v[2] ~= '' then redis.call('srem', v[2], KEYS[1]) end
local left = math.min(tonumber(ARGV[2]), tonumber(ARGV[3]))
if v[1] then left = tonumber(v[1]) + tonumber(ARGV[2]) - tonumber(ARGV[1]) end
if left > 0 then redis.call('set', KEYS[1] .. ':gone', '1', 'PX', left) end
return 1`;

// KEYS: user set. ARGV: absMs. Every session of the user: deleted + tombstoned.
const REVOKE_SCRIPT = `
local members = redis.call('smembers', KEYS[1])
for _, k in ipairs(members) do
  redis.call('del', k)
  redis.call('set', k .. ':gone', '1', 'PX', ARGV[1])
end
redis.call('del', KEYS[1])
return #members`;

/** The scripts as ioredis custom commands (EVALSHA, falling back to EVAL once per connection). */
interface ScriptedRedis {
  authLoginSessionGet(key: string, now: number, absMs: number): Promise<string[]>;
  authLoginSessionSet(k1: string, k2: string, k3: string, ...args: Array<string | number>): Promise<number>;
  authLoginSessionDestroy(key: string, now: number, absMs: number, inFlightMs: number): Promise<number>;
  authLoginSessionRevoke(key: string, absMs: number): Promise<number>;
}

function scripted(client: Redis): ScriptedRedis {
  const scripts = client as unknown as Partial<ScriptedRedis>;
  if (!scripts.authLoginSessionGet) {
    client.defineCommand('authLoginSessionGet', { numberOfKeys: 1, lua: GET_SCRIPT });
    client.defineCommand('authLoginSessionSet', { numberOfKeys: 3, lua: SET_SCRIPT });
    client.defineCommand('authLoginSessionDestroy', { numberOfKeys: 1, lua: DESTROY_SCRIPT });
    client.defineCommand('authLoginSessionRevoke', { numberOfKeys: 1, lua: REVOKE_SCRIPT });
  }
  return client as unknown as ScriptedRedis;
}

/** Any Redis failure → AuthError 503 (fail closed; the cause is logged, never sent). */
const fail = (error: unknown): never => {
  throw storeUnavailable(error);
};

export class RedisSessionStore implements SessionStore {
  readonly client: Redis;
  private readonly scripts: ScriptedRedis;
  private readonly cipher: SessionCipher;
  private readonly prefix: string;
  private readonly absoluteMs: number;
  private readonly ownsClient: boolean;
  private readonly now: () => number;

  constructor(options: RedisSessionStoreOptions) {
    this.client = options.client;
    this.scripts = scripted(options.client);
    this.cipher = new SessionCipher(options.secrets);
    this.prefix = options.keyPrefix ?? 'auth-login:';
    this.absoluteMs = options.absoluteTimeoutMs;
    this.ownsClient = options.ownsClient ?? true;
    this.now = options.now ?? Date.now;
  }

  private sessionKey(id: string): string {
    return `${this.prefix}s:${hashForKey(id)}`;
  }

  private userSetKey(userId: string): string {
    return `${this.prefix}u:${hashForKey(userId)}`;
  }

  /** The session, or undefined when absent, past its absolute deadline, or not decryptable. */
  async get(id: string): Promise<SessionRecord | undefined> {
    const key = this.sessionKey(id);
    const reply = await this.scripts.authLoginSessionGet(key, this.now(), this.absoluteMs).catch(fail);
    if (reply.length < 2) return undefined;
    const json = this.cipher.decrypt(reply[1]!, key);
    if (json === undefined) return undefined;
    try {
      const data = JSON.parse(json) as unknown;
      return data && typeof data === 'object' ? (data as SessionRecord) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Writes the session for `ttlMs` (capped by the absolute deadline of its FIRST write). Never
   * after destroy (the tombstone wins); with `mustExist`, only over a live key. Resolves whether
   * it wrote.
   */
  async set(id: string, record: SessionRecord, ttlMs: number, options: { mustExist?: boolean } = {}): Promise<boolean> {
    const key = this.sessionKey(id);
    const userSet = record.user?.id === undefined ? '' : this.userSetKey(record.user.id);
    const blob = this.cipher.encrypt(JSON.stringify(record), key);
    const written = await this.scripts
      .authLoginSessionSet(
        key,
        `${key}:gone`,
        userSet || `${this.prefix}u:-`,
        blob,
        Math.max(0, Math.floor(ttlMs)),
        this.now(),
        this.absoluteMs,
        userSet,
        typeof record.createdAt === 'number' ? record.createdAt : '',
        options.mustExist ? '1' : '0',
      )
      .catch(fail);
    return written === 1;
  }

  /** Logout: the key is deleted and cannot come back. */
  async destroy(id: string): Promise<void> {
    await this.scripts
      .authLoginSessionDestroy(this.sessionKey(id), this.now(), this.absoluteMs, IN_FLIGHT_MS)
      .catch(fail);
  }

  /** Ends every session of a user (`user.id`) on every instance: they all read Redis. */
  async revokeUser(userId: string): Promise<number> {
    return this.scripts.authLoginSessionRevoke(this.userSetKey(userId), this.absoluteMs).catch(fail);
  }

  /** For /readyz: PING, failing fast while Redis is down. */
  async ready(): Promise<void> {
    await this.client.ping().catch(fail);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeRedisClient(this.client);
  }
}
