// Small in-test connectors (the BFF's `Connector` interface, packages/bff/src/connectors/connector.ts):
// legitimate stubbed upstreams so each tab's flow runs through the REAL BFF routes, sessions,
// CSRF checks and rate limits. The lead swaps the password tab to the BroadWorks simulator later.
// Fixtures are documented in test-support/README.md.
import { captchaPng } from './captcha-png.mjs';

/** The captcha image the BFF relays at GET /captcha; its answer is CAPTCHA_ANSWER. */
export const CAPTCHA_ANSWER = 'W4K9';
const captchaImage = captchaPng(CAPTCHA_ANSWER);

/** Resolves after `ms`; rejects with the abort reason (an Error: the BFF aborts with DOMExceptions). */
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        const reason = signal.reason;
        reject(reason instanceof Error ? reason : new Error('aborted', { cause: reason }));
      },
      { once: true },
    );
  });

const user = (id, extra = {}) => ({ id, provider: 'stub', ...extra });
const fail = (reason, more = {}) => ({ ok: false, reason, ...more });
const base = (type) => ({ type, ready: async () => {}, close: async () => {} });

/** @param {typeof import('../../bff/src/connectors/connector.ts').UpstreamError} UpstreamError */
export function stubConnectors(UpstreamError) {
  return {
    // Password tab. alice/alice-password1 signs in; `captcha*` users need the captcha; `slow` takes 1.5 s;
    // `down` is an unreachable upstream (503), `broken` a nonsense answer (502).
    pw: {
      ...base('stub-password'),
      // GET /config passes these on: the identifier's label reads "Username or email".
      hints: { password: { identifiers: ['username', 'email'] } },
      async password({ identifier, password, captcha }, ctx) {
        if (identifier === 'slow') await sleep(1500, ctx.signal);
        if (identifier === 'down') throw new UpstreamError('unavailable', 'stub: connection refused');
        if (identifier === 'broken') throw new UpstreamError('bad_response', 'stub: garbage');
        if (identifier.startsWith('captcha') && captcha !== CAPTCHA_ANSWER)
          return fail('captcha_required', { captcha: { contentType: 'image/png', body: captchaImage } });
        const ok = { alice: 'alice-password1', slow: 'slow-password1', spaces: '  spaced password1 ' };
        if (identifier.startsWith('captcha') ? password === 'captcha-password1' : ok[identifier] === password)
          return {
            ok: true,
            user: user(identifier, {
              displayName: identifier === 'alice' ? 'Alice Martin' : undefined,
              username: identifier,
            }),
          };
        return fail('invalid_credentials', { detail: 'stub: wrong password' });
      },
      token({ token }) {
        return Promise.resolve(
          token === 'valid-token-123'
            ? { ok: true, user: user('tok-user', { displayName: 'Token User' }) }
            : fail('invalid_token'),
        );
      },
    },
    // Phone tab: any number gets a code (a number ending in 999 after 1 s: a slow upstream);
    // 123456 signs in, 000000 has expired.
    sms: {
      ...base('stub-sms'),
      hints: { phone: { codeLength: 6 } },
      async sendPhoneCode({ phone }, ctx) {
        if (phone.endsWith('999')) await sleep(1000, ctx?.signal);
        return { ok: true };
      },
      phone({ phone, code }) {
        if (code === '123456') return Promise.resolve({ ok: true, user: user(phone, { phone }) });
        return Promise.resolve(fail(code === '000000' ? 'code_expired' : 'invalid_code'));
      },
    },
    // The /fr deployment's password tab: the identifier is a phone number only (GET /config says so),
    // so the widget shows its country selector; +33612345678 / tel-password1 signs in.
    tel: {
      ...base('stub-phone-password'),
      hints: { password: { identifiers: ['phone'] } },
      password({ identifier, password }) {
        return Promise.resolve(
          identifier === '+33612345678' && password === 'tel-password1'
            ? { ok: true, user: user(identifier, { displayName: 'Camille', phone: identifier }) }
            : fail('invalid_credentials'),
        );
      },
    },
    // OTP tab, delivered by email (OpenIAM-like): `Send code`, then carol@example.com + 654321 signs in.
    otp: {
      ...base('stub-email-otp'),
      hints: { otp: { identifiers: ['email'], codeLength: 6 } },
      sendOtpCode() {
        return Promise.resolve({ ok: true });
      },
      otp({ identifier, otp }) {
        return Promise.resolve(
          identifier === 'carol@example.com' && otp === '654321'
            ? { ok: true, user: user('carol', { displayName: 'Carol Chen' }) }
            : fail('invalid_code'),
        );
      },
    },
    // The /step deployment's password tab: a second step (a challenge, then `mfa()` / `sendMfaCode()`)
    // and sign-in notices. Password `step-password1` for every account:
    //   mfa-all  → challenge totp + sms (+86 138****0001) + email (a***@example.com)
    //   mfa-totp → challenge totp only;  no-mfa → mfa_required without a challenge (a plain 401)
    //   notice   → signed in with notices [{password_expires, days 3}];  expired → days 0;  plain → none
    // Second step: totp accepts 123456; sms / email accept 654321 once a code was sent to that method
    // (the send is kept in the challenge's state); 000000 is a step the upstream forgot (code_expired).
    step: {
      ...base('stub-second-step'),
      hints: { password: { identifiers: ['username'] } },
      password({ identifier, password }) {
        if (password !== 'step-password1') return Promise.resolve(fail('invalid_credentials'));
        const methods = [
          { type: 'totp' },
          { type: 'sms', target: '+86 138****0001' },
          { type: 'email', target: 'a***@example.com' },
        ];
        if (identifier === 'mfa-all' || identifier === 'mfa-totp')
          return Promise.resolve(
            fail('mfa_required', {
              challenge: { methods: identifier === 'mfa-all' ? methods : methods.slice(0, 1), state: { identifier } },
            }),
          );
        if (identifier === 'no-mfa') return Promise.resolve(fail('mfa_required'));
        const days = { notice: 3, expired: 0, plain: undefined };
        if (!(identifier in days)) return Promise.resolve(fail('invalid_credentials'));
        const signedIn = { ok: true, user: user(identifier, { displayName: `User ${identifier}` }) };
        const d = days[identifier];
        return Promise.resolve(
          d === undefined ? signedIn : { ...signedIn, notices: [{ code: 'password_expires', days: d }] },
        );
      },
      sendMfaCode({ method }) {
        return Promise.resolve({ ok: true, state: { [`sent_${method}`]: true } });
      },
      mfa({ method, code }, ctx) {
        const state = ctx.state ?? {};
        if (code === '000000') return Promise.resolve(fail('code_expired'));
        const good = method === 'totp' ? '123456' : state[`sent_${method}`] ? '654321' : undefined;
        if (code !== good) return Promise.resolve(fail('invalid_code', { detail: 'stub: wrong second-step code' }));
        const id = String(state.identifier);
        return Promise.resolve({
          ok: true,
          user: user(id, { displayName: id === 'mfa-all' ? 'Mia Fa' : `User ${id}` }),
        });
      },
    },
    // The /hw deployment's only method: a hardware-token OTP (DIGIPASS-like userID + OTP, nothing sent).
    hw: {
      ...base('stub-hardware-otp'),
      hints: { otp: { identifiers: ['userId'] } },
      otp({ identifier, otp }) {
        return Promise.resolve(
          identifier === 'dave' && otp === '112233' ? { ok: true, user: user('dave') } : fail('invalid_code'),
        );
      },
    },
  };
}
