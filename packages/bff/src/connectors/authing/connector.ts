/**
 * Authing v2 connector (password, phone code and token tabs), a client of the end-user API the
 * official SDKs call (docs/protocols/authing.md). Stateless towards Authing: no Authorization on logins
 * (docs/protocols/authing.md §8 pitfall 5); the id_token goes to `upstream` (server-side session only) and is
 * used again only by logout().
 *
 * - password: email → loginByEmail, digits (optional +) → loginByPhonePassword, else
 *   loginByUsername (docs/architecture.md); the password RSA-encrypted (password-key.ts). A numeric
 *   identifier the phone login does not know (2004) is tried once more as a username
 *   (`numericIdentifier`, default `phone-then-username`). Every login input carries the end
 *   user's `clientIp` (the seed: "be sure to set this parameter as the true IP of the end user").
 *   2000 → `captcha_required` with the image fetched here and its upstream cookie in `state`;
 *   the next call with `captcha` sends `captchaCode` + that cookie.
 * - phone: `POST /api/v2/sms/send`, then loginByPhoneCode.
 * - token: checkLoginStatus (status:false is a normal answer, §8 pitfall 2), then the user.
 */
import { AuthingApi, AuthingCodeError, AUTHING_TYPE } from './api.js';
import { readPem } from '../shared/pem.js';
import type { AuthingConfig } from './config.js';
import * as doc from './documents.js';
import {
  CANNOT_DECRYPT,
  CAPTCHA_REQUIRED,
  CODE_WRONG,
  USER_NOT_FOUND,
  detailOf,
  MFA_REQUIRED,
  mfaVerifyReason,
  passwordReason,
  phoneCodeReason,
  smsSendRefusal,
  unexpected,
  UPSTREAM_RETRY_AFTER_SECONDS,
} from './errors.js';
import { challengeOf } from './mfa.js';
import { PasswordKey } from './password-key.js';
import { normaliseUser, parseLogin, parseUser, splitPhone } from './user.js';
import { toE164 } from '../../shared/phone.js';
import { UpstreamError } from '../connector.js';
import type {
  CallContext,
  CodeSendOutcome,
  Connector,
  ConnectorFactory,
  ConnectorState,
  FailureReason,
  MfaCodeInput,
  MfaInput,
  PasswordInput,
  PhoneCodeInput,
  PhoneInput,
  TokenInput,
  VerifyOutcome,
} from '../connector.js';
import { httpClientFor } from '../shared/http.js';

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+?\d{5,20}$/;

export const createAuthingConnector: ConnectorFactory<AuthingConfig> = (config, deps) => {
  const http = httpClientFor(AUTHING_TYPE, config.appHost, config);
  const api = new AuthingApi(http, config);
  const key = new PasswordKey(api, readPem(config.publicKey));
  const log = deps.logger;
  // The region of a number typed without `+`: the deployment's (config `phone.defaultCountry`), else CN.
  const region = deps.phone?.defaultCountry ?? 'CN';

  /** Debug: the login input as sent, secrets masked (password, captchaCode, code). */
  function debugExchange(field: string, input: Record<string, unknown>): void {
    log.debug({ connector: AUTHING_TYPE, event: 'authing-request', field, input }, 'authing: request');
  }
  function logAnswer(field: string, err: AuthingCodeError): void {
    log.debug({ connector: AUTHING_TYPE, event: 'authing-answer', field, code: err.code }, 'authing: business code');
  }

  /** A login's user → success; the id_token stays in `upstream`. */
  function success(value: Record<string, unknown>, field: string): VerifyOutcome {
    const u = parseLogin(value, field);
    const upstream: ConnectorState = { idToken: u.token };
    if (u.tokenExpiredAt) upstream.tokenExpiredAt = u.tokenExpiredAt;
    const expiresAt = u.tokenExpiredAt ? Date.parse(u.tokenExpiredAt) : NaN;
    return { ok: true, user: normaliseUser(u), upstream, ...(Number.isFinite(expiresAt) ? { expiresAt } : {}) };
  }

  /** A login refused by a business code: the outcome, with the wait of a frequency refusal. */
  function refusal(reason: FailureReason, err: AuthingCodeError): VerifyOutcome {
    // 1635 / 1636 with an mfaToken and a factor the BFF can complete: the second step (mfa()).
    const challenge = MFA_REQUIRED.has(err.code) ? challengeOf(err.data) : undefined;
    if (challenge) return { ok: false, reason: 'mfa_required', detail: detailOf(err), challenge };
    return {
      ok: false,
      reason,
      detail: detailOf(err),
      ...(reason === 'rate_limited' ? { retryAfterSeconds: UPSTREAM_RETRY_AFTER_SECONDS } : {}),
    };
  }

  type PasswordField = 'loginByEmail' | 'loginByUsername' | 'loginByPhonePassword';
  const PASSWORD_DOCS: Record<PasswordField, string> = {
    loginByEmail: doc.LOGIN_BY_EMAIL,
    loginByUsername: doc.LOGIN_BY_USERNAME,
    loginByPhonePassword: doc.LOGIN_BY_PHONE_PASSWORD,
  };

  /** Which login a typed identifier goes to first, and whether a "no such user" may fall back to username. */
  function routeOf(identifier: string): { field: PasswordField; fallback: boolean } {
    if (EMAIL.test(identifier)) return { field: 'loginByEmail', fallback: false };
    if (!PHONE.test(identifier.replace(/[\s-]/g, ''))) return { field: 'loginByUsername', fallback: false };
    if (config.numericIdentifier === 'username') return { field: 'loginByUsername', fallback: false };
    return { field: 'loginByPhonePassword', fallback: config.numericIdentifier === 'phone-then-username' };
  }

  function whoFor(field: PasswordField, identifier: string): Record<string, string> {
    if (field === 'loginByEmail') return { email: identifier };
    // loginByPhonePassword takes no phoneCountryCode (docs/protocols/authing.md §5): send the national number.
    if (field === 'loginByPhonePassword') return { phone: splitPhone(identifier.replace(/[\s-]/g, '')).phone };
    return { username: identifier };
  }

  /**
   * The identity an input addresses (throttle subject): a phone routed as a phone is E.164 (a
   * national number is of `phone.defaultCountry`, else Chinese, Authing's default region), so `139-0000-0001`, `1 3 9 0 0 0 0 0 0 0 1`
   * and `+8613900000001` are one account, as they are one `phone` on the wire; an email lower-case.
   */
  function subjectOf(method: string, input: Readonly<Record<string, string>>): string | undefined {
    const typed = method === 'phone' ? input.phone : method === 'password' ? input.identifier : undefined;
    if (typed === undefined) return undefined;
    const identifier = typed.trim();
    if (method === 'password') {
      const { field } = routeOf(identifier);
      if (field === 'loginByEmail') return identifier.toLowerCase();
      if (field === 'loginByUsername') return `username:${identifier}`;
    }
    const compact = identifier.replace(/[\s-]/g, '');
    return toE164(compact, { defaultCountry: region }) ?? compact;
  }

  /**
   * The phone number of an input (Connector.phoneOf): the phone tab's always (null if it reads as
   * none); a password identifier when it goes to loginByPhonePassword and reads as a number (a
   * numeric identifier that reads as none may be a user name: `phone-then-username`).
   */
  function phoneOf(method: string, input: Readonly<Record<string, string>>): string | null | undefined {
    if (method === 'phone' && input.phone !== undefined)
      return toE164(input.phone.trim().replace(/[\s-]/g, ''), { defaultCountry: region });
    if (method !== 'password' || input.identifier === undefined) return undefined;
    const identifier = input.identifier.trim();
    if (routeOf(identifier).field !== 'loginByPhonePassword') return undefined;
    return toE164(identifier.replace(/[\s-]/g, ''), { defaultCountry: region }) ?? undefined;
  }

  async function password(input: PasswordInput, ctx: CallContext): Promise<VerifyOutcome> {
    const identifier = input.identifier.trim();
    const route = routeOf(identifier);
    // After a captcha, the retry goes to the login that asked for it (a fallback may have moved on).
    const asked = ctx.state?.captchaField;
    const first: PasswordField =
      input.captcha && typeof asked === 'string' && asked in PASSWORD_DOCS ? (asked as PasswordField) : route.field;
    const cookie = input.captcha && typeof ctx.state?.captchaCookie === 'string' ? ctx.state.captchaCookie : undefined;
    // The end user's IP: Authing's login-failure detection (2000 captcha) counts per IP, so without it
    // every user of this BFF shares one IP and one user's typos put a captcha in front of all of them.
    const clientIp = ctx.clientIp ? { clientIp: ctx.clientIp } : {};

    const attempt = async (field: PasswordField) => {
      const password = await key.encrypt(input.password, ctx.signal);
      const captchaCode = input.captcha ? { captchaCode: input.captcha } : {};
      const who = whoFor(field, identifier);
      // Key order exactly as the JS SDK builds it (authing-captures.json; SDK AuthenticationClient.ts):
      // loginByPhonePassword puts captchaCode before autoRegister, the other two after it.
      const variables = {
        input:
          field === 'loginByPhonePassword'
            ? { ...who, password, ...captchaCode, autoRegister: false, ...clientIp, params: null, context: null }
            : { ...who, password, autoRegister: false, ...captchaCode, ...clientIp, params: null, context: null },
      };
      debugExchange(field, {
        ...variables.input,
        password: '[masked]',
        ...(input.captcha ? { captchaCode: '[masked]' } : {}),
      });
      return api.graphql(field, PASSWORD_DOCS[field], variables, {
        signal: ctx.signal,
        ...(cookie ? { cookie } : {}),
      });
    };

    /** One login, refetching the key once on 2016 (a fetched key may have been rotated). */
    const login = async (field: PasswordField) => {
      try {
        return await attempt(field);
      } catch (err) {
        if (!(err instanceof AuthingCodeError && err.code === CANNOT_DECRYPT) || key.fromConfig) throw err;
        key.forget();
        return attempt(field);
      }
    };

    let field = first;
    try {
      let value: Record<string, unknown>;
      try {
        value = await login(field);
      } catch (err) {
        // A numeric identifier may be a username (docs/protocols/authing.md: usernames are free-form): when the phone
        // login says "no such user" (2004), try the same text as a username once.
        if (!(
          err instanceof AuthingCodeError &&
          err.code === USER_NOT_FOUND &&
          route.fallback &&
          field === route.field
        ))
          throw err;
        field = 'loginByUsername';
        value = await login(field);
      }
      return success(value, field);
    } catch (err) {
      if (!(err instanceof AuthingCodeError)) throw err;
      logAnswer(field, err);
      // A wrong captcha answer comes back as 2000 again or as 2001 (unconfirmed): a new image either way.
      if (err.code === CAPTCHA_REQUIRED || (err.code === CODE_WRONG && input.captcha)) {
        const image = await api.captcha(ctx.signal);
        return {
          ok: false,
          reason: 'captcha_required',
          detail: detailOf(err),
          captcha: { contentType: image.contentType, body: image.body },
          state: { ...(image.cookie ? { captchaCookie: image.cookie } : {}), captchaField: field },
        };
      }
      if (err.code === CANNOT_DECRYPT) throw unexpected(err, 'password login (key mismatch)');
      return refusal(passwordReason(err), err);
    }
  }

  async function sendPhoneCode(input: PhoneCodeInput, ctx: CallContext): Promise<CodeSendOutcome> {
    try {
      await api.rest('POST', '/api/v2/sms/send', { signal: ctx.signal, json: splitPhone(input.phone) });
    } catch (err) {
      // A business code is Authing's answer about this number (bad number, sent too often): the
      // client's 400 / 429, never an upstream fault (the codes are unconfirmed, docs/protocols/authing.md §5.2).
      if (err instanceof AuthingCodeError) {
        logAnswer('sms/send', err);
        return smsSendRefusal(err);
      }
      throw err;
    }
    return { ok: true };
  }

  async function phone(input: PhoneInput, ctx: CallContext): Promise<VerifyOutcome> {
    // SDK order: phone, code, phoneCountryCode (only when known), params, context.
    const { phone: national, phoneCountryCode } = splitPhone(input.phone);
    const variables = {
      input: {
        phone: national,
        code: input.code,
        ...(phoneCountryCode ? { phoneCountryCode } : {}),
        ...(ctx.clientIp ? { clientIp: ctx.clientIp } : {}),
        params: null,
        context: null,
      },
    };
    debugExchange('loginByPhoneCode', { ...variables.input, code: '[masked]' });
    try {
      return success(
        await api.graphql('loginByPhoneCode', doc.LOGIN_BY_PHONE_CODE, variables, { signal: ctx.signal }),
        'loginByPhoneCode',
      );
    } catch (err) {
      if (!(err instanceof AuthingCodeError)) throw err;
      return refusal(phoneCodeReason(err), err);
    }
  }

  /**
   * Whose token this is, from its (not yet verified) payload: an id_token of the pool issued to
   * ANOTHER app (`aud` / `data.appId`), or of another pool (`userpool_id` / `data.userPoolId`, when
   * `userPoolId` is configured), is refused without asking Authing, whose checkLoginStatus would
   * accept it. The signature is Authing's to check (checkLoginStatus) right after.
   */
  function foreignToken(token: string): string | undefined {
    let claims: Record<string, unknown>;
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return 'not a JWT';
      claims = payload as Record<string, unknown>;
    } catch {
      return 'not a JWT';
    }
    const data = (claims.data && typeof claims.data === 'object' ? claims.data : {}) as Record<string, unknown>;
    const aud = claims.aud ?? data.appId;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(config.appId)) return 'issued to another app';
    if (config.userPoolId !== undefined) {
      const pool = claims.userpool_id ?? data.userPoolId;
      if (pool !== config.userPoolId) return 'issued by another user pool';
    }
    return undefined;
  }

  async function token(input: TokenInput, ctx: CallContext): Promise<VerifyOutcome> {
    const foreign = foreignToken(input.token);
    if (foreign) return { ok: false, reason: 'invalid_token', detail: `authing id_token ${foreign}` };
    try {
      // No Authorization on the check (as the Python SDK does): the token is the argument.
      const status = await api.graphql(
        'checkLoginStatus',
        doc.CHECK_LOGIN_STATUS,
        { token: input.token },
        { signal: ctx.signal },
      );
      if (status.status !== true) {
        return { ok: false, reason: 'invalid_token', detail: `authing checkLoginStatus ${String(status.code)}` };
      }
      const user = parseUser(
        await api.graphql('user', doc.CURRENT_USER, {}, { signal: ctx.signal, token: input.token }),
        'user',
      );
      const checkedId = (status.data as { id?: unknown } | null)?.id;
      if (typeof checkedId === 'string' && checkedId !== user.id) {
        throw new UpstreamError('bad_response', `${AUTHING_TYPE}: checkLoginStatus and user disagree on the user id`);
      }
      // checkLoginStatus gives the token's `exp` (seconds): the session must not outlive the token.
      const exp = typeof status.exp === 'number' ? status.exp * 1000 : NaN;
      return {
        ok: true,
        user: normaliseUser(user),
        upstream: { idToken: input.token },
        ...(Number.isFinite(exp) ? { expiresAt: exp } : {}),
      };
    } catch (err) {
      if (!(err instanceof AuthingCodeError)) throw err;
      // 2020 "not logged in" on `user` (revoked between the two calls); 2206/2207 likewise.
      if ([2020, 2206, 2207].includes(err.code)) return { ok: false, reason: 'invalid_token', detail: detailOf(err) };
      throw unexpected(err, 'token check');
    }
  }

  /** The pending step's mfaToken and destinations (the challenge state), or a refusal. */
  function stepState(ctx: CallContext): {
    mfaToken: string;
    phone?: string;
    phoneCountryCode?: string;
    email?: string;
  } {
    const st = ctx.state ?? {};
    const pick = (k: string) => (typeof st[k] === 'string' && st[k] ? st[k] : undefined);
    const mfaToken = pick('mfaToken');
    if (!mfaToken) throw new UpstreamError('bad_response', `${AUTHING_TYPE}: MFA step without its token`);
    const phone = pick('phone');
    const phoneCountryCode = pick('phoneCountryCode');
    const email = pick('email');
    return {
      mfaToken,
      ...(phone ? { phone } : {}),
      ...(phoneCountryCode ? { phoneCountryCode } : {}),
      ...(email ? { email } : {}),
    };
  }

  /**
   * The second step, as the SDK's MfaAuthenticationClient sends it, the mfaToken as bearer:
   * `verifyTotpMfa` POST /api/v2/mfa/totp/verify {totp}; `verifyAppSmsMfa` POST
   * /api/v2/applications/mfa/sms/verify {phone, code, phoneCountryCode}; `verifyAppEmailMfa` POST
   * /api/v2/applications/mfa/email/verify {email, code}. The answer is the user with its id_token.
   */
  async function mfa(input: MfaInput, ctx: CallContext): Promise<VerifyOutcome> {
    const st = stepState(ctx);
    let path: string;
    let json: Record<string, string>;
    if (input.method === 'totp') {
      path = '/api/v2/mfa/totp/verify';
      json = { totp: input.code };
    } else if (input.method === 'sms' && st.phone) {
      path = '/api/v2/applications/mfa/sms/verify';
      json = {
        phone: st.phone,
        code: input.code,
        ...(st.phoneCountryCode ? { phoneCountryCode: st.phoneCountryCode } : {}),
      };
    } else if (input.method === 'email' && st.email) {
      path = '/api/v2/applications/mfa/email/verify';
      json = { email: st.email, code: input.code };
    } else {
      return { ok: false, reason: 'invalid_code', detail: `authing MFA ${input.method} not offered` };
    }
    log.debug(
      { connector: AUTHING_TYPE, event: 'authing-request', field: path, method: input.method },
      'authing: request',
    );
    try {
      const value = await api.rest('POST', path, { signal: ctx.signal, token: st.mfaToken, json });
      return success((value ?? {}) as Record<string, unknown>, path);
    } catch (err) {
      if (!(err instanceof AuthingCodeError)) throw err;
      logAnswer(path, err);
      return refusal(mfaVerifyReason(err), err);
    }
  }

  /**
   * The second step's code: SMS as the SDK's `sendSmsCode(phone, phoneCountryCode, 'mfa-verify')`
   * (POST /api/v2/sms/send), email as its `sendEmail(email, 'MFA_VERIFY')` (GraphQL sendEmail).
   */
  async function sendMfaCode(input: MfaCodeInput, ctx: CallContext): Promise<CodeSendOutcome> {
    const st = stepState(ctx);
    try {
      if (input.method === 'sms' && st.phone) {
        await api.rest('POST', '/api/v2/sms/send', {
          signal: ctx.signal,
          json: {
            phone: st.phone,
            ...(st.phoneCountryCode ? { phoneCountryCode: st.phoneCountryCode } : {}),
            scene: 'mfa-verify',
          },
        });
      } else if (input.method === 'email' && st.email) {
        await api.graphql(
          'sendEmail',
          doc.SEND_EMAIL,
          { email: st.email, scene: 'MFA_VERIFY' },
          { signal: ctx.signal },
        );
      } else {
        return { ok: false, reason: 'invalid_request', detail: `authing MFA ${input.method} has no destination` };
      }
    } catch (err) {
      if (err instanceof AuthingCodeError) {
        logAnswer(`mfa ${input.method} send`, err);
        return smsSendRefusal(err);
      }
      throw err;
    }
    return { ok: true };
  }

  async function logout(upstream: ConnectorState, ctx: CallContext): Promise<void> {
    if (typeof upstream.idToken !== 'string' || !upstream.idToken) return;
    try {
      await api.rest('GET', `/api/v2/logout?app_id=${encodeURIComponent(config.appId)}`, {
        signal: ctx.signal,
        token: upstream.idToken,
      });
    } catch (err) {
      // A dead or already revoked token is not an error (connector.ts: logout must not throw for it).
      if (!(err instanceof AuthingCodeError)) throw err;
    }
  }

  return {
    type: AUTHING_TYPE,
    // docs/architecture.md: email → loginByEmail, digits → loginByPhonePassword, else loginByUsername.
    hints: { password: { identifiers: ['email', 'phone', 'username'] } },
    password,
    sendPhoneCode,
    phone,
    token,
    mfa,
    sendMfaCode,
    logout,
    subjectOf,
    phoneOf,
    async ready(ctx) {
      // `.well-known` sends no credential, proves the host answers as Authing for this app id,
      // and warms the key cache. With a configured key it is still a cheap reachability probe.
      if (key.fromConfig) {
        await api.rest('GET', '/api/v2/.well-known', { signal: ctx.signal }).catch((err: unknown) => {
          if (err instanceof AuthingCodeError) throw unexpected(err, '.well-known');
          throw err;
        });
      } else {
        await key.key(ctx.signal);
      }
    },
    close: () => http.close(),
  } satisfies Connector;
};
