/**
 * The default session store: a Map in this process. Fine for one instance; several instances
 * need a shared store (Redis) so that logout and revocation reach all of them.
 */
import type { SessionRecord, SessionStore } from './store.js';

interface Entry { record: SessionRecord; expiresAt: number }

export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #writes = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.#live(id);
    // A copy: callers mutate what they get; the stored value changes only through set().
    return entry ? structuredClone(entry.record) : undefined;
  }

  async set(id: string, record: SessionRecord, ttlMs: number, options: { mustExist?: boolean } = {}): Promise<boolean> {
    if (options.mustExist && !this.#live(id)) return false;
    if (ttlMs <= 0) {
      this.#entries.delete(id);
      return false;
    }
    this.#entries.set(id, { record: structuredClone(record), expiresAt: this.#now() + ttlMs });
    if (++this.#writes % 1000 === 0) this.#sweep();
    return true;
  }

  async destroy(id: string): Promise<void> {
    this.#entries.delete(id);
  }

  async revokeUser(userId: string): Promise<number> {
    let count = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.record.user?.id === userId) {
        this.#entries.delete(id);
        count++;
      }
    }
    return count;
  }

  /** For tests: how many live sessions there are. */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
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
