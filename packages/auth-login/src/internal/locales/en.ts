/**
 * English strings: the reference every locale implements (`Messages`), bundled in the main file.
 * Other locales are separate modules loaded only when used (see ../i18n.ts).
 * The tab, button and label names are the contract of docs/architecture.md "The widget".
 */
const names: Record<string, string> = {
  userId: 'User ID',
  username: 'Username',
  email: 'Email',
  phone: 'Phone number',
};

const en = {
  title: 'Sign in',
  methods: 'Sign-in method',
  loading: 'Loading…',
  tab: { password: 'Password', phone: 'Phone code', otp: 'OTP', token: 'Token' },
  signIn: 'Sign in',
  sendCode: 'Send code',
  signOut: 'Sign out',
  /** The identifier's label from `GET /config` identifiers: `Username or email`, `User ID`. */
  identifier: (kinds: string[]): string =>
    kinds
      .map((k, i) => (i ? (names[k] ?? k).replace(/^[A-Z][a-z]/, (s) => s.toLowerCase()) : (names[k] ?? k)))
      .join(' or ') || 'Username',
  password: 'Password',
  showPassword: 'Show password',
  phone: 'Phone number',
  code: 'Verification code',
  otp: 'One-time password',
  domain: 'Domain',
  token: 'Token',
  captcha: 'Characters in the image',
  captchaImage: 'Captcha: the characters to type',
  newImage: 'New image',
  back: 'Back',
  /** After the captcha message, when other tabs exist: `Phone code, OTP or Token` (Intl.ListFormat). */
  orUse: (tabs: string) => `You can also sign in with ${tabs}.`,
  codeSent: (to: string) => `Code sent to ${to}.`,
  canResend: 'You can request a new code.',
  signingIn: 'Signing in…',
  sendingCode: 'Sending code…',
  resendIn: (time: string) => `You can send a new code in ${time}.`,
  signedInAs: 'Signed in as',
  unavailable: 'No sign-in method is available.',
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
};

export type Messages = typeof en;
export default en;
