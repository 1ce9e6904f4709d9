/**
 * The English strings needed only after an answer from the BFF: error messages, the captcha, what
 * follows a code request, the second step of a sign-in, notices. A chunk of their own, loaded when a request starts (`loadLater` in
 * ../i18n.ts), so the first render does not carry them. The other locales include theirs.
 */
const later = {
  /** The captcha (after `captcha_required`). */
  captcha: 'Characters in the image',
  captchaImage: 'Captcha: the characters to type',
  newImage: 'New image',
  back: 'Back',
  /** After the captcha message, when other tabs exist: `Phone code, OTP or Token` (Intl.ListFormat). */
  orUse: (tabs: string) => `You can also sign in with ${tabs}.`,
  codeSent: (to: string) => `Code sent to ${to}.`,
  canResend: 'You can request a new code.',
  resendIn: (time: string) => `You can send a new code in ${time}.`,
  errors: {
    invalid_request: 'Check what you entered and try again.',
    csrf_rejected: "This site's configuration does not allow sign-in from this page.",
    method_disabled: 'This sign-in method is not available.',
    invalid_credentials: 'Those sign-in details are incorrect. Check them and try again.',
    captcha_required: 'Type the characters shown in the image to continue.',
    invalid_code: 'That code is incorrect. Check it and try again.',
    code_expired: 'That code has expired. Send a new one.',
    invalid_token: 'That token is not valid.',
    mfa_required: 'This account needs a second step that is not available here.',
    mfa_not_pending: 'Sign in again to continue.',
    password_reset_required: 'Change this password before you sign in.',
    rate_limited: 'Too many attempts. Try again later.',
    upstream_error: 'The sign-in service gave an unexpected answer. Try again.',
    upstream_unavailable: 'The sign-in service is unavailable. Try again in a moment.',
    upstream_timeout: 'The sign-in service took too long to answer. Try again.',
    network_error: 'Could not reach the server. Check your connection and try again.',
    unknown: 'Something went wrong. Try again.',
  } as Record<string, string>,
  /** With a 429's Retry-After. */
  retryIn: (time: string) => `Too many attempts. Try again in ${time}.`,
  /** The second step (`401 mfa_required` with `mfa.methods`): its heading, the method choice, the button. */
  verifyTitle: "Verify it's you",
  mfaChoose: 'Verify with',
  mfaMethod: { totp: 'Authenticator app', sms: 'Text message', email: 'Email' } as Record<string, string>,
  /** What to do with the chosen method; `to` is the masked number or address. */
  mfaHint: (type: string, to: string) =>
    type === 'totp' ? 'Enter the code your authenticator app shows.' : `We can send a code to ${to}.`,
  verify: 'Verify',
  /** The second step ended on the BFF (expired, or another tab finished it). */
  mfaRestart: 'Sign in again to continue.',
  /** `notices` of a sign-in: `when` is Intl.RelativeTimeFormat's "in 3 days". */
  passwordExpires: (when: string) => `Your password expires ${when}.`,
  passwordExpired: 'Your password has expired.',
};

export default later;
// Needed only after an answer too (captcha_required): it rides in this chunk.
export { captchaBlock } from '../../views/captcha.js';
