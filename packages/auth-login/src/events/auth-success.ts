import type { Notice } from '../internal/bff-client.js';
import type { AuthUser, MethodId } from '../internal/types.js';

export interface AuthSuccessDetail {
  user: AuthUser;
  /** The first step's method (also after a second step). */
  method: MethodId;
  /** What the BFF says of the account (`{code: 'password_expires', days}`); `[]` when nothing. */
  notices: Notice[];
}

/**
 * Fired when a sign-in succeeds (docs/architecture.md "The widget": detail `{user, method, notices}`).
 * Bubbles and is composed, so a listener on `document` hears it through shadow roots.
 * After a second step (`mfa_required`), fired only once that step succeeds.
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
