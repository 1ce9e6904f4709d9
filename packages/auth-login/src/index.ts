// The package entry: defines <auth-login> and exports its types for bundler users.
export { AuthLogin } from './auth-login.js';
export { AuthSuccessEvent, type AuthSuccessDetail } from './events/auth-success.js';
export { AuthErrorEvent, type AuthErrorDetail } from './events/auth-error.js';
export { AuthLogoutEvent, type AuthLogoutDetail } from './events/auth-logout.js';
export { AuthReadyEvent, type AuthReadyDetail } from './events/auth-ready.js';
export { BffError, type MfaMethod, type Notice } from './internal/bff-client.js';
export {
  METHOD_IDS,
  type AuthUser,
  type BffConfig,
  type MethodConfig,
  type MethodId,
  type Session,
} from './internal/types.js';
export type { Locale, Messages } from './internal/i18n.js';
