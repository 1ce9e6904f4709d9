/**
 * The in-process `ConnectorStore` (connector.ts): for a single BFF instance (`session.store:
 * memory`) and for connectors built without a store (tests). Expired keys are dropped when read
 * and swept now and then, so the map stays bounded by what is live.
 */
import type { ConnectorStore } from '../connector.js';

export class MemoryConnectorStore implements ConnectorStore {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #now: () => number;
  #writes = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  #live(key: string): { value: string; expiresAt: number } | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #put(key: string, value: string, expiresAt: number): void {
    this.#entries.set(key, { value, expiresAt });
    if (++this.#writes % 1_000 === 0) {
      const now = this.#now();
      for (const [k, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(k);
    }
  }

  incr(key: string, ttlMs: number, by = 1): Promise<number> {
    const entry = this.#live(key);
    const value = (entry ? Number(entry.value) || 0 : 0) + by;
    this.#put(key, String(value), entry?.expiresAt ?? this.#now() + ttlMs);
    return Promise.resolve(value);
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(key)) return Promise.resolve(false);
    this.#put(key, value, this.#now() + ttlMs);
    return Promise.resolve(true);
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#live(key)?.value);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#put(key, value, this.#now() + ttlMs);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.#entries.delete(key);
    return Promise.resolve();
  }
}
