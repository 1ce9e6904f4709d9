import type later from './en-later.js';

/**
 * English strings: the reference every locale implements (`Messages`), bundled in the main file,
 * except those needed only after an answer from the BFF (errors, the second step, notices): they
 * are in ./en-later.ts, a chunk loaded when a request starts (`loadLater` in ../i18n.ts).
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
  /** The phone fields' country selector. */
  country: 'Country',
  code: 'Verification code',
  otp: 'One-time password',
  domain: 'Domain',
  token: 'Token',
  signingIn: 'Signing in…',
  sendingCode: 'Sending code…',
  signedInAs: 'Signed in as',
  unavailable: 'No sign-in method is available.',
};

export type Messages = typeof en & typeof later;
// Completed in place by `loadLater` (../i18n.ts) before any of the later strings is read.
export default en as Messages;
