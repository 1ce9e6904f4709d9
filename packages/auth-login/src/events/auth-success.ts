import type { AuthUser, MethodId } from '../internal/types.js';

export interface AuthSuccessDetail {
  user: AuthUser;
  method: MethodId;
}

/**
 * Fired when a sign-in succeeds (docs/architecture.md "The widget": detail `{user, method}`).
 * Bubbles and is composed, so a listener on `document` hears it through shadow roots.
 * Not fired for a session that already existed on load: read `el.user` for that.
 */
export class AuthSuccessEvent extends CustomEvent<AuthSuccessDetail> {
  static readonly eventName = 'auth-success' as const;
  constructor(detail: AuthSuccessDetail) {
    super(AuthSuccessEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'auth-success': AuthSuccessEvent;
  }
}
