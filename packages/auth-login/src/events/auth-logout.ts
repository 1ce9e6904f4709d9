export interface AuthLogoutDetail {
  /**
   * `signout`: `Sign out` ended the session (POST /logout). `expired`: the BFF's session had
   * already ended (idle/absolute timeout, or signed out elsewhere), found by `Sign out` or when
   * the page became visible again; the form is shown again.
   */
  reason: 'signout' | 'expired';
}

/** Fired when the signed-in view gives way to the form again. Bubbles and is composed. */
export class AuthLogoutEvent extends CustomEvent<AuthLogoutDetail> {
  static readonly eventName = 'auth-logout' as const;
  constructor(detail: AuthLogoutDetail) {
    super(AuthLogoutEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'auth-logout': AuthLogoutEvent;
  }
}
