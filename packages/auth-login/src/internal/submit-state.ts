import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BffError } from './bff-client.js';

export type SubmitResult<T> = { ok: true; value: T } | { ok: false; error: BffError };

/**
 * One request at a time (after lit's Task: INITIAL / PENDING / COMPLETE / ERROR with an
 * AbortSignal). `run` refuses a second request while one is pending (no double submit), and
 * `abort` drops the pending one: its answer, whenever it comes, is ignored (tab switch, disconnect).
 */
export class SubmitState implements ReactiveController {
  pending = false;
  private controller: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Resolves to the outcome, or `undefined` when refused (already pending) or abandoned. */
  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<SubmitResult<T> | undefined> {
    if (this.pending) return undefined;
    const controller = (this.controller = new AbortController());
    this.set(true);
    try {
      const value = await task(controller.signal);
      return controller.signal.aborted ? undefined : { ok: true, value };
    } catch (e) {
      if (controller.signal.aborted) return undefined;
      return { ok: false, error: e instanceof BffError ? e : new BffError('internal_error', 0) };
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.set(false);
      }
    }
  }

  abort(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.set(false);
  }

  hostDisconnected(): void {
    this.abort();
  }

  private set(pending: boolean): void {
    this.pending = pending;
    this.host.requestUpdate();
  }
}
