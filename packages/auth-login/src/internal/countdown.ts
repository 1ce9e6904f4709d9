import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Seconds left before a code may be sent again. The BFF decides (202 `resendAfterSeconds`,
 * 429 `Retry-After`); this only counts down, from the wall clock so a throttled tab stays right.
 */
export class Countdown implements ReactiveController {
  private until = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `onEnd` runs once when a countdown reaches zero (not on disconnect). */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onEnd?: () => void,
  ) {
    host.addController(this);
  }

  get remaining(): number {
    return Math.max(0, Math.ceil((this.until - Date.now()) / 1000));
  }

  start(seconds: number): void {
    this.until = Date.now() + seconds * 1000;
    this.tick();
  }

  hostConnected(): void {
    if (this.remaining) this.tick();
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    clearInterval(this.timer);
    this.host.requestUpdate();
    this.timer = setInterval(() => {
      this.host.requestUpdate();
      if (!this.remaining) {
        this.hostDisconnected();
        this.onEnd?.();
      }
    }, 250);
  }
}
