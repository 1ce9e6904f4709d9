/**
 * The default session store: a Map in this process. Fine for one instance; several instances
 * need a shared store (Redis) so that logout and revocation reach all of them.
 *
 * A record is kept as its JSON text (records are JSON-serialisable, store.ts; the Redis store
 * keeps JSON too): every get() parses a fresh copy, which is cheaper than structuredClone on
 * the GET /session path and smaller per idle session (bench/http.mjs).
 */
import type { SessionRecord, SessionStore } from './store.js';

interface Entry {
  json: string;
  userId: string | undefined;
  expiresAt: number;
}

export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #writes = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.#live(id);
    // A copy: callers mutate what they get; the stored value changes only through set().
    return Promise.resolve(entry ? (JSON.parse(entry.json) as SessionRecord) : undefined);
  }

  set(id: string, record: SessionRecord, ttlMs: number, options: { mustExist?: boolean } = {}): Promise<boolean> {
    if (options.mustExist && !this.#live(id)) return Promise.resolve(false);
    if (ttlMs <= 0) {
      this.#entries.delete(id);
      return Promise.resolve(false);
    }
    this.#entries.set(id, { json: JSON.stringify(record), userId: record.user?.id, expiresAt: this.#now() + ttlMs });
    if (++this.#writes % 1000 === 0) this.#sweep();
    return Promise.resolve(true);
  }

  destroy(id: string): Promise<void> {
    this.#entries.delete(id);
    return Promise.resolve();
  }

  revokeUser(userId: string): Promise<number> {
    let count = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.userId === userId) {
        this.#entries.delete(id);
        count++;
      }
    }
    return Promise.resolve(count);
  }

  /** For tests: how many live sessions there are. */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  /** Signed-in (not pre-auth), unexpired sessions: the `auth_bff_active_sessions` gauge. */
  get signedIn(): number {
    const now = this.#now();
    let count = 0;
    for (const entry of this.#entries.values()) if (entry.userId !== undefined && entry.expiresAt > now) count += 1;
    return count;
  }

  #live(id: string): Entry | undefined {
    const entry = this.#entries.get(id);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(id);
  }
}
