/**
 * Timing masking of the refusals a client could use to enumerate accounts (docs/security.md A-05):
 * an upstream that answers "unknown user" in 3 ms and "wrong password" in 80 ms (a password hash)
 * would leak through the BFF's response time although the BFF's answers are identical.
 *
 * A refusal (`invalid_credentials`, `invalid_code`, `invalid_token`) and every first-step code send
 * (the 202 to an unknown destination is a refusal in disguise) are held until a FLOOR has passed
 * since the upstream call began. The floor of a connector's call is a high percentile (p95, over a
 * ring of its most recent durations) of how long that call took, clamped to config
 * `limits.responseFloor` {min, max}, plus a few ms of random jitter.
 *
 * Two rings per connector + call, and the floor is the higher of their percentiles:
 *  - `through`: calls that got past the account check upstream (a sign-in that succeeded or needs
 *    another step, a code actually delivered) — the slow path, which only a real account takes;
 *  - `refused`: everything else (unknown user, wrong password, undelivered code).
 * A client cannot drag the floor down by flooding fast refusals (unknown users): those fill only
 * the `refused` ring; the `through` ring is fed by the real users' sign-ins.
 *
 * The wait is a timer taken AFTER the upstream call returned (outside the call policy: no
 * bulkhead slot is held); it ends early when the client disconnects or the BFF closes. Successes
 * are never held, and nor are the BFF's own refusals (400 / 429: decided before any upstream call,
 * the same for every account). Before a ring has a sample, the floor is `min` (the residual).
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type Koa from 'koa';

export interface ResponseFloorSettings {
  enabled: boolean;
  /** Lowest floor, ms (also the floor before any duration was seen). */
  min: number;
  /** Highest floor, ms. */
  max: number;
  /** Random extra wait, 0..jitter ms. */
  jitter: number;
}

/** Which path of the upstream a call took (see the module comment). */
export type UpstreamPath = 'through' | 'refused';

/** How many recent durations each ring keeps. */
export const FLOOR_SAMPLES = 128;
/** The percentile the floor follows. */
export const FLOOR_PERCENTILE = 0.95;

/** A ring of the last FLOOR_SAMPLES durations with a nearest-rank percentile. */
class Ring {
  readonly #values = new Float64Array(FLOOR_SAMPLES);
  #count = 0;
  #next = 0;
  #cached: number | undefined;

  add(ms: number): void {
    this.#values[this.#next] = ms;
    this.#next = (this.#next + 1) % FLOOR_SAMPLES;
    if (this.#count < FLOOR_SAMPLES) this.#count++;
    this.#cached = undefined;
  }

  /** The p95 of the samples (0 without any). At most 128 numbers sorted, only after a change. */
  percentile(): number {
    if (this.#count === 0) return 0;
    if (this.#cached === undefined) {
      const sorted = this.#values.slice(0, this.#count).sort();
      this.#cached = sorted[Math.min(this.#count - 1, Math.ceil(FLOOR_PERCENTILE * this.#count) - 1)]!;
    }
    return this.#cached;
  }
}

export class ResponseFloor {
  readonly #rings = new Map<string, Record<UpstreamPath, Ring>>();
  readonly #closing = new AbortController();

  constructor(readonly settings: ResponseFloorSettings) {}

  /** Records how long one upstream call of `key` (connector + call) took, and which path it took. */
  record(key: string, path: UpstreamPath, ms: number): void {
    if (!this.settings.enabled) return;
    let rings = this.#rings.get(key);
    if (!rings) this.#rings.set(key, (rings = { through: new Ring(), refused: new Ring() }));
    rings[path].add(ms);
  }

  /** The current floor of `key`, ms, without jitter. */
  floorMs(key: string): number {
    const { min, max } = this.settings;
    const rings = this.#rings.get(key);
    const estimate = rings ? Math.max(rings.through.percentile(), rings.refused.percentile()) : 0;
    return Math.min(max, Math.max(min, estimate));
  }

  /**
   * Waits until floor + jitter ms have passed since `startedAt` (performance.now() when the
   * upstream call began). Returns at once when disabled, closed, or the client is gone; ends early
   * when the client disconnects or close() is called.
   */
  async hold(ctx: Koa.Context, key: string, startedAt: number): Promise<void> {
    if (!this.settings.enabled || this.#closing.signal.aborted) return;
    const { jitter } = this.settings;
    const wait = startedAt + this.floorMs(key) + (jitter > 0 ? randomInt(jitter + 1) : 0) - performance.now();
    if (wait < 1) return;
    const res = ctx.res;
    if (res.destroyed || res.writableEnded || ctx.req.socket?.destroyed) return;
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    const signal = AbortSignal.any([gone.signal, this.#closing.signal]);
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      // aborted: the client left or the BFF is closing; the answer goes out (or nowhere) now
    } finally {
      res.off('close', onClose);
    }
  }

  /** Ends every wait and stops holding (the BFF is closing). */
  close(): void {
    this.#closing.abort();
  }
}
