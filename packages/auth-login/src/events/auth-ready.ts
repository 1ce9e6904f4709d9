import type { AuthUser } from '../internal/types.js';

export interface AuthReadyDetail {
  /** The signed-in user of a restored session, or null when signed out. */
  user: AuthUser | null;
}

/**
 * Fired once, when the first `GET /session` has answered (docs/architecture.md "The widget"), so a page
 * learns about a session that already existed on load. Bubbles and is composed.
 * Not fired when the BFF cannot be reached: `auth-error` (`network_error`) says so instead.
 */
export class AuthReadyEvent extends CustomEvent<AuthReadyDetail> {
  static readonly eventName = 'auth-ready' as const;
  constructor(detail: AuthReadyDetail) {
    super(AuthReadyEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'auth-ready': AuthReadyEvent;
  }
}
