import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The least time between two visibility-triggered checks (GET /session). */
export const CHECK_EVERY_MS = 10_000;

export interface SessionWatchOptions {
  /** True while the signed-in view shows and no request of its own is running. */
  signedIn(): boolean;
  /** Asks the BFF (GET /session); true when it answers `{authenticated: false}`. Never throws. */
  ended(): Promise<boolean>;
  /** The session ended: show the form, fire `auth-logout` `{reason: 'expired'}`. */
  onEnded(): void;
}

/**
 * Notices a BFF session that ended while the signed-in view shows (session.idleTimeout /
 * absoluteTimeout, or a sign-out in another tab): when the page becomes visible again
 * (`visibilitychange`), one GET /session, at most once per CHECK_EVERY_MS so that switching
 * browser tabs back and forth costs nothing. No background polling.
 */
export class SessionWatch implements ReactiveController {
  private checkedAt = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly o: SessionWatchOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisible);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  private onVisible = async (): Promise<void> => {
    const now = Date.now();
    if (document.visibilityState !== 'visible' || !this.o.signedIn() || now - this.checkedAt < CHECK_EVERY_MS) return;
    this.checkedAt = now;
    // Still signed in once the answer is back (no Sign out meanwhile): then it is the session that ended.
    if ((await this.o.ended()) && this.o.signedIn()) this.o.onEnded();
  };
}
