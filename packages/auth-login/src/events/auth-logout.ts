/** Fired after `Sign out` ended the session (POST /logout answered). Bubbles and is composed. */
export class AuthLogoutEvent extends Event {
  static readonly eventName = 'auth-logout' as const;
  constructor() {
    super(AuthLogoutEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'auth-logout': AuthLogoutEvent;
  }
}
