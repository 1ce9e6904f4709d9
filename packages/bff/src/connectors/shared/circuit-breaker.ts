/**
 * Two guards every connector call goes through (issue 8 "Resilience"; SECURITY.md T16):
 *
 * - `CircuitBreaker`: after `failureThreshold` CONSECUTIVE upstream failures (an `UpstreamError`:
 *   unavailable / timeout / bad_response) it opens and every call fails fast with
 *   `UpstreamError('unavailable')` (→ 503) without touching the upstream. After `coolDownMs` ONE
 *   call is let through as a probe (half-open): success closes the circuit, failure re-opens it.
 *   A wrong password is an outcome, not an exception (connector.ts rule 1), so it never counts:
 *   a password-guessing attacker cannot open the circuit for everyone.
 * - `Bulkhead`: at most `maxConcurrent` calls in flight per connector, at most `maxQueue` waiting;
 *   beyond that → `UpstreamError('unavailable')` at once, so a slow upstream cannot pile up
 *   sockets and memory in the BFF. A queued call whose `signal` aborts leaves the queue (→ timeout).
 *
 * Neither retries anything: a sign-in that may have reached the upstream is never sent twice
 * (it would count twice against the upstream's own lockout).
 */
import { UpstreamError } from '../connector.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive upstream failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe, in ms. Default 10 000. */
  coolDownMs?: number;
  /** Called on every state change (for the log). */
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
  /** Clock, for tests. */
  now?: () => number;
}

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
  private readonly now: () => number;
  private readonly onStateChange: ((state: CircuitState, previous: CircuitState) => void) | undefined;
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.coolDownMs = options.coolDownMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.onStateChange = options.onStateChange;
  }

  get state(): CircuitState {
    return this.current;
  }

  /**
   * Runs `fn` unless the circuit is open; counts its UpstreamErrors, unless `countable()` says the
   * failure was not the upstream's (the caller gave up: a client that went away).
   */
  async run<T>(fn: () => Promise<T>, countable: () => boolean = () => true): Promise<T> {
    const isProbe = this.admit();
    try {
      const result = await fn();
      this.onSuccess(isProbe);
      return result;
    } catch (error) {
      if (error instanceof UpstreamError && countable()) this.onFailure(isProbe);
      else if (isProbe) this.probing = false; // not the upstream's fault: let the next call probe
      throw error;
    }
  }

  /** Throws when the call may not go out; returns true when it is the half-open probe. */
  private admit(): boolean {
    if (this.current === 'closed') return false;
    if (this.current === 'open' && this.now() - this.openedAt >= this.coolDownMs) {
      this.transition('half-open');
    }
    if (this.current === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    throw new UpstreamError('unavailable', 'circuit open: failing fast after repeated upstream failures');
  }

  private onSuccess(isProbe: boolean): void {
    this.failures = 0;
    if (isProbe) {
      this.probing = false;
      this.transition('closed');
    }
  }

  private onFailure(isProbe: boolean): void {
    if (isProbe) {
      this.probing = false;
      this.open();
      return;
    }
    // Calls admitted before the circuit opened may still fail afterwards: don't re-arm the timer.
    if (this.current !== 'closed') return;
    this.failures += 1;
    if (this.failures >= this.failureThreshold) this.open();
  }

  private open(): void {
    this.openedAt = this.now();
    this.failures = 0;
    this.transition('open');
  }

  private transition(next: CircuitState): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    this.onStateChange?.(next, previous);
  }
}

export interface BulkheadOptions {
  /** Calls in flight at once. Default 32. */
  maxConcurrent?: number;
  /** Calls waiting for a slot; more are refused at once. Default 64. */
  maxQueue?: number;
}

export class Bulkhead {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: BulkheadOptions = {}) {
    this.maxConcurrent = options.maxConcurrent ?? 32;
    this.maxQueue = options.maxQueue ?? 64;
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new UpstreamError('timeout', 'aborted before the upstream call'));
    if (this.active < this.maxConcurrent) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue) {
      return Promise.reject(new UpstreamError('unavailable', 'too many concurrent upstream calls (queue full)'));
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(); // the releasing call handed its slot over: `active` is unchanged
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new UpstreamError('timeout', 'gave up waiting for a free upstream slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
