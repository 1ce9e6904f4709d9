import type { MethodId } from '../internal/types.js';

export interface AuthErrorDetail {
  /** The BFF's machine code (`invalid_credentials`, `rate_limited`, ...) or `network_error` (no answer). */
  code: string;
  /** The method whose request failed; absent when the widget's first requests (on load) failed. */
  method?: MethodId;
}

/**
 * Fired when a request of a sign-in method fails (docs/architecture.md: detail `{code, method}`), and with
 * `{code: 'network_error'}` when the BFF cannot be reached on load.
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
