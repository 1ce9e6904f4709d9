/**
 * OpenIAM's `BasicAjaxResponse` JSON envelope (docs/protocols/openiam.md §3): every key present, unused ones
 * `null`, `error` true iff `errorList` is non-empty, `status` 200 or 500 (application status).
 */
export interface ErrorToken {
  i18nError: string | null;
  error: string | null;
  validationError: string | null;
  params: unknown[] | null;
  message: string;
}

export interface Envelope {
  primaryKey: string | null;
  status: number;
  errorList: ErrorToken[] | null;
  redirectURL: string | null;
  successToken: { message: string; params: unknown[] | null } | null;
  successMessage: string | null;
  contextValues: Record<string, unknown> | null;
  stackTrace: string | null;
  possibleErrors: ErrorToken[] | null;
  error: boolean;
}

export function success(successMessage?: string, contextValues?: Record<string, unknown>): Envelope {
  return {
    primaryKey: null,
    status: 200,
    errorList: null,
    redirectURL: null,
    successToken: successMessage ? { message: successMessage, params: null } : null,
    successMessage: null,
    contextValues: contextValues ?? null,
    stackTrace: null,
    possibleErrors: null,
    error: false,
  };
}

export function failure(
  error: string,
  message: string,
  extra: { stackTrace?: string; contextValues?: Record<string, unknown> } = {},
): Envelope {
  return {
    primaryKey: null,
    status: 500,
    errorList: [{ i18nError: null, error, validationError: null, params: null, message }],
    redirectURL: null,
    successToken: null,
    successMessage: null,
    contextValues: extra.contextValues ?? null,
    stackTrace: extra.stackTrace ?? null,
    possibleErrors: null,
    error: true,
  };
}

/** Error names: CODE_NOT_EQUAL is confirmed (4.x seed); the others are our documented picks. */
export const ERRORS = {
  CODE_NOT_EQUAL: 'Sent code and input do not match', // confirmed, text as in the seed
  CODE_EXPIRED: 'The verification code has expired', // unconfirmed name
  ACCOUNT_LOCKED: 'Your account is locked', // 3.x Errors enum name
  INVALID_EMAIL: 'No user with this e-mail address', // unconfirmed name
  INVALID_PHONE: 'No user with this phone number', // unconfirmed name
  INTERNAL_ERROR: 'Internal error', // 3.x Errors enum name
} as const;
