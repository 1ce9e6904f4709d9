import type { MethodId } from '../internal/types.js';

export interface AuthErrorDetail {
  /** The BFF's machine code (`invalid_credentials`, `rate_limited`, ...) or `network`. */
  code: string;
  method: MethodId;
}

/**
 * Fired when a request of a sign-in method fails (DESIGN.md: detail `{code, method}`).
 * The detail never carries what the user typed. Bubbles and is composed.
 */
export class AuthErrorEvent extends CustomEvent<AuthErrorDetail> {
  static readonly eventName = 'auth-error' as const;
  constructor(detail: AuthErrorDetail) {
    super(AuthErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'auth-error': AuthErrorEvent;
  }
}
