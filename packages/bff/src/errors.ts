/**
 * The one error type of the BFF. Everything that reaches a client goes through
 * `AuthError`: a status, a machine `code`, a public `message`, and a private
 * `cause` that is logged (redacted) but never sent.
 *
 * Response body: `{"error": {"code": "...", "message": "..."}}` (docs/architecture.md).
 */
export type ErrorCode =
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'csrf_rejected'
  | 'not_found'
  | 'method_not_allowed'
  | 'method_disabled'
  | 'invalid_credentials'
  | 'captcha_required'
  | 'invalid_code'
  | 'code_expired'
  | 'invalid_token'
  | 'mfa_required'
  | 'mfa_not_pending'
  | 'password_reset_required'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'internal_error';

const defaults: Record<ErrorCode, [status: number, message: string]> = {
  invalid_request: [400, 'The request is not valid.'],
  unsupported_media_type: [415, 'Send the body as application/json.'],
  payload_too_large: [413, 'The request body is too large.'],
  csrf_rejected: [403, 'The request was refused (cross-site protection).'],
  not_found: [404, 'Not found.'],
  method_not_allowed: [405, 'Method not allowed.'],
  method_disabled: [404, 'This sign-in method is not enabled.'],
  invalid_credentials: [401, 'The identifier or password is incorrect.'],
  captcha_required: [401, 'Please solve the captcha to continue.'],
  invalid_code: [401, 'The code is incorrect.'],
  code_expired: [401, 'The code has expired. Request a new one.'],
  invalid_token: [401, 'The token is not valid.'],
  // Told only after the password checked out AND the throttles allowed the attempt (docs/security.md A-08).
  mfa_required: [401, 'This account needs a second sign-in step that is not available here.'],
  mfa_not_pending: [401, 'No second sign-in step is pending (it expired or was used). Sign in again.'],
  password_reset_required: [401, 'The password of this account must be changed before signing in.'],
  rate_limited: [429, 'Too many attempts. Try again later.'],
  upstream_error: [502, 'The identity service gave an unexpected answer.'],
  upstream_unavailable: [503, 'The identity service is unavailable.'],
  upstream_timeout: [504, 'The identity service did not answer in time.'],
  internal_error: [500, 'Something went wrong.'],
};

export class AuthError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string>;
  /** Extra public top-level body members next to `error` (e.g. `mfa` of a challenge). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      cause?: unknown;
      headers?: Record<string, string>;
      status?: number;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    const [status, message] = defaults[code];
    super(options.message ?? message, { cause: options.cause });
    this.name = 'AuthError';
    this.code = code;
    this.status = options.status ?? status;
    this.headers = options.headers ?? {};
    this.extra = options.extra;
  }

  /** The public body. Never includes `cause`. */
  toJSON(): { error: { code: ErrorCode; message: string } } & Record<string, unknown> {
    return { ...this.extra, error: { code: this.code, message: this.message } };
  }
}
