/**
 * The simulated user pool: what each Authing v2 call does, independent of HTTP plumbing.
 * Codes and texts follow docs/protocols/authing.md §4, §5.2 and §7; where the note says "unconfirmed" the choice
 * is named in a comment.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { findByPhone, phoneKey } from './accounts.js';
import type { AuthingAccount } from './accounts.js';
import { decryptPassword, generatePasswordKeys, TokenSigner } from './crypto.js';
import { randomCaptchaText, renderCaptchaPng } from './captcha-image.js';
import { idTokenClaims, userObject } from './user-object.js';
import type { LoginRecord } from './user-object.js';
import type { OutboxMessage } from '../types.js';

export interface ServiceOptions {
  accounts: AuthingAccount[];
  appId: string;
  userPoolId: string;
  issuer: string;
  /** id_token lifetime; Authing's is 14 days (docs/protocols/authing.md §2). */
  tokenTtlSeconds: number;
  /** SMS code lifetime; the real SMS text says 5 minutes (docs/protocols/authing.md §5.2). */
  codeTtlMs: number;
  codeLength: number;
  /** "Login failure detection": ask for a captcha after this many failures per `captchaBy` key. */
  captchaAfterFailures?: number;
  /**
   * What failures are counted per: the identifier typed, or the client IP (the input's `clientIp`,
   * else the caller's own address — for a BFF, its IP, shared by every end user).
   */
  captchaBy: 'identifier' | 'clientIp';
  /** Server-side setting whether an unencrypted password is accepted (docs/protocols/authing.md §3, unconfirmed). */
  acceptPlaintextPasswords: boolean;
  /** Refuse a second SMS to the same number within this many ms (0: never). */
  smsResendIntervalMs?: number;
  /** How long the mfaToken of a 1635 answer lives (default 5 minutes; unconfirmed). */
  mfaTokenTtlMs?: number;
  scenario: () => string;
  outbox: OutboxMessage[];
  onSend?: (message: OutboxMessage) => void;
}

/** A business error: `errors[].message = {code, message}` on GraphQL, `{code, message}` on REST. */
export class AuthingFault extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown = null,
  ) {
    super(message);
  }
}

export interface CallerContext {
  bearer?: string;
  /** Value of the captcha session cookie, if the caller sent it. */
  captchaSession?: string;
  /** The TCP peer's address. */
  remoteAddress?: string;
}

type PasswordField = 'loginByEmail' | 'loginByUsername' | 'loginByPhonePassword';

export class AuthingService {
  readonly keys = generatePasswordKeys();
  private readonly signer = new TokenSigner();
  private readonly revoked = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly codes = new Map<string, { code: string; expiresAt: number }>();
  private readonly captchas = new Map<string, string>();
  private readonly lastSms = new Map<string, number>();
  private readonly logins = new Map<string, LoginRecord>();
  /** Live mfaTokens of 1635 answers: single use, `mfaTokenTtlMs` (unconfirmed; Authing's is minutes). */
  private readonly mfaTokens = new Map<string, { accountId: string; expiresAt: number }>();
  private readonly emailCodes = new Map<string, { code: string; expiresAt: number }>();
  /** The text of the most recently served captcha (tests read it). */
  lastCaptcha: string | undefined;

  constructor(private readonly o: ServiceOptions) {}

  // ---- password logins (loginByEmail / loginByUsername / loginByPhonePassword) ----

  passwordLogin(field: PasswordField, input: Record<string, unknown>, ctx: CallerContext): Record<string, unknown> {
    const ident =
      field === 'loginByEmail'
        ? str(input.email)
        : field === 'loginByUsername'
          ? str(input.username)
          : str(input.phone);
    if (this.o.scenario() === 'locked') throw new AuthingFault(2005, '用户已被锁定');
    const failKey =
      this.o.captchaBy === 'clientIp'
        ? `ip:${nullableStr(input.clientIp) ?? ctx.remoteAddress ?? ''}`
        : `${field}:${ident.toLowerCase()}`;
    const needCaptcha =
      this.o.scenario() === 'captcha' ||
      (this.o.captchaAfterFailures !== undefined && (this.failures.get(failKey) ?? 0) >= this.o.captchaAfterFailures);
    if (needCaptcha) this.checkCaptcha(input.captchaCode, ctx.captchaSession);

    const password = this.readPassword(str(input.password));
    const account =
      field === 'loginByEmail'
        ? this.o.accounts.find((a) => a.email?.toLowerCase() === ident.toLowerCase())
        : field === 'loginByUsername'
          ? this.o.accounts.find((a) => a.username === ident)
          : findByPhone(this.o.accounts, ident);
    if (!account) {
      this.fail(failKey);
      throw new AuthingFault(2004, '用户不存在');
    }
    if (account.blocked) throw new AuthingFault(2005, '用户已被锁定');
    if (this.o.scenario() === 'wrong-password' || account.password === undefined || account.password !== password) {
      const n = this.fail(failKey);
      // Guard reads `data.remainCount` with 2333 (docs/protocols/authing.md §7); the text is unconfirmed.
      throw new AuthingFault(2333, '账号或密码错误', { remainCount: Math.max(0, 5 - n) });
    }
    this.failures.delete(failKey);
    // Only after the password checked out (Guard source); the texts are unconfirmed.
    if (account.mfa) {
      throw new AuthingFault(account.mfa === '1636' ? 1636 : 1635, '请进行二次认证', this.mfaChallenge(account));
    }
    if (account.mustResetPassword) throw new AuthingFault(1639, '请重置密码');
    return this.issue(account);
  }

  /**
   * The `data` of a 1635 answer, as Guard reads it (its `IMFAInitData`): the mfaToken, the
   * application's factors (`applicationMfa`), whether TOTP is bound, and the user's phone and email.
   */
  private mfaChallenge(account: AuthingAccount): Record<string, unknown> {
    const mfaToken = randomBytes(16).toString('hex');
    this.mfaTokens.set(mfaToken, { accountId: account.id, expiresAt: Date.now() + (this.o.mfaTokenTtlMs ?? 300_000) });
    const policies = account.mfaPolicies ?? ['OTP', 'SMS', 'EMAIL'];
    return {
      mfaToken,
      applicationMfa: policies.map((mfaPolicy, sort) => ({ mfaPolicy, status: 1, sort })),
      totpMfaEnabled: account.totpCode !== undefined,
      faceMfaEnabled: false,
      phone: account.phone ?? null,
      phoneCountryCode: account.phone ? (account.phoneCountryCode ?? '+86') : null,
      email: account.email ?? null,
      username: account.username ?? null,
      nickname: account.nickname ?? null,
    };
  }

  /** The account of a live mfaToken (`Authorization: Bearer <mfaToken>`); 2020 otherwise (text unconfirmed). */
  private mfaAccount(ctx: CallerContext): { account: AuthingAccount; token: string } {
    const token = ctx.bearer;
    const rec = token ? this.mfaTokens.get(token) : undefined;
    if (!token || !rec || rec.expiresAt <= Date.now()) {
      if (token) this.mfaTokens.delete(token);
      throw new AuthingFault(2020, '尚未登录，无访问权限');
    }
    const account = this.o.accounts.find((a) => a.id === rec.accountId);
    if (!account) throw new AuthingFault(2020, '尚未登录，无访问权限');
    return { account, token };
  }

  /**
   * The MFA verify calls of the SDK's MfaAuthenticationClient: `totp` (`{totp}`), `sms`
   * (`{phone, code, phoneCountryCode}`), `email` (`{email, code}`), each with the mfaToken as bearer.
   * A right code ends the mfaToken (single use) and answers the user with its id_token; a wrong one
   * leaves it live (codes and texts unconfirmed: 2001 wrong code, 500 "验证码已过期").
   */
  mfaVerify(
    kind: 'totp' | 'sms' | 'email',
    body: Record<string, unknown>,
    ctx: CallerContext,
  ): Record<string, unknown> {
    const { account, token } = this.mfaAccount(ctx);
    if (kind === 'totp') {
      if (account.totpCode === undefined || str(body.totp) !== account.totpCode)
        throw new AuthingFault(2001, '验证码不正确！');
    } else {
      const codes = kind === 'sms' ? this.codes : this.emailCodes;
      const key =
        kind === 'sms' ? phoneKey(str(body.phone), nullableStr(body.phoneCountryCode)) : str(body.email).toLowerCase();
      const mine =
        kind === 'sms'
          ? account.phone !== undefined && key === phoneKey(account.phone, account.phoneCountryCode)
          : account.email !== undefined && key === account.email.toLowerCase();
      const pending = codes.get(key);
      if (!mine || !pending || pending.code !== str(body.code)) throw new AuthingFault(2001, '验证码不正确！');
      codes.delete(key);
      if (pending.expiresAt <= Date.now()) throw new AuthingFault(500, '验证码已过期');
    }
    this.mfaTokens.delete(token);
    return this.issue(account);
  }

  /** GraphQL `sendEmail(email, scene)`: a code into the outbox (any scene; the SDK's MFA one is MFA_VERIFY). */
  sendEmail(variables: Record<string, unknown>): Record<string, unknown> {
    const email = str(variables.email).toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AuthingFault(2003, '邮箱格式不正确');
    const code = this.newCode();
    this.emailCodes.set(email, { code, expiresAt: Date.now() + this.o.codeTtlMs });
    const message: OutboxMessage = {
      channel: 'email',
      to: email,
      code,
      text: `Your verification code is ${code} (valid for 5 minutes).`,
      at: Date.now(),
    };
    this.o.outbox.push(message);
    this.o.onSend?.(message);
    return { code: 200, message: '发送成功' };
  }

  private newCode(): string {
    let code = '';
    for (let i = 0; i < this.o.codeLength; i++) code += String(randomInt(10));
    return code;
  }

  private checkCaptcha(code: unknown, session: string | undefined): void {
    const want = session ? this.captchas.get(session) : undefined;
    // A captcha answers one login attempt (the session is tied to the image; docs/protocols/authing.md §7: cookie, unconfirmed).
    if (session) this.captchas.delete(session);
    if (typeof code !== 'string' || !code || want === undefined || code !== want) {
      throw new AuthingFault(2000, '请输入正确的图形验证码');
    }
  }

  private readPassword(sent: string): string {
    const plain = decryptPassword(this.keys, sent);
    if (plain !== undefined) return plain;
    if (this.o.acceptPlaintextPasswords) return sent;
    throw new AuthingFault(2016, '解密客户端密码出错');
  }

  private fail(key: string): number {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    return n;
  }

  // ---- SMS code ----

  sendSms(body: Record<string, unknown>): void {
    const phone = str(body.phone);
    if (!/^\+?\d{5,20}$/.test(phone)) throw new AuthingFault(2001, '请输入正确的手机号');
    const key = phoneKey(phone, nullableStr(body.phoneCountryCode));
    const interval = this.o.smsResendIntervalMs ?? 0;
    const last = this.lastSms.get(key);
    // The code and text of the real frequency refusal are unconfirmed (docs/protocols/authing.md §5.2).
    if (interval > 0 && last !== undefined && Date.now() - last < interval) {
      throw new AuthingFault(500, '发送验证码过于频繁，请稍后再试');
    }
    this.lastSms.set(key, Date.now());
    let code = '';
    for (let i = 0; i < this.o.codeLength; i++) code += String(randomInt(10));
    this.codes.set(key, { code, expiresAt: Date.now() + this.o.codeTtlMs });
    const message: OutboxMessage = {
      channel: 'sms',
      to: key,
      code,
      text: `【Authing】您的验证码是 ${code}，该验证码5分钟内有效，请勿泄漏于他人。`,
      at: Date.now(),
    };
    this.o.outbox.push(message);
    this.o.onSend?.(message);
  }

  phoneCodeLogin(input: Record<string, unknown>): Record<string, unknown> {
    const phone = str(input.phone);
    const cc = nullableStr(input.phoneCountryCode);
    if (this.o.scenario() === 'locked') throw new AuthingFault(2005, '用户已被锁定');
    const key = phoneKey(phone, cc);
    const pending = this.codes.get(key);
    // Real servers answer an expired code with the generic 500 and this text (docs/protocols/authing.md §7).
    if (this.o.scenario() === 'expired-code') throw new AuthingFault(500, '验证码已过期');
    if (this.o.scenario() === 'wrong-code' || !pending || pending.code !== str(input.code)) {
      throw new AuthingFault(2001, '验证码不正确！');
    }
    if (pending.expiresAt <= Date.now()) {
      this.codes.delete(key);
      throw new AuthingFault(500, '验证码已过期');
    }
    this.codes.delete(key);
    const account = findByPhone(this.o.accounts, phone, cc);
    if (!account) throw new AuthingFault(2004, '用户不存在');
    if (account.blocked) throw new AuthingFault(2005, '用户已被锁定');
    // Application MFA follows any first factor (unconfirmed for code logins; Guard handles 1635 on both).
    if (account.mfa) {
      throw new AuthingFault(account.mfa === '1636' ? 1636 : 1635, '请进行二次认证', this.mfaChallenge(account));
    }
    return this.issue(account);
  }

  // ---- tokens ----

  /**
   * An id_token of this pool for the account with this identifier, as another app of the same pool
   * (`appId`) would get at its own sign-in: the pool's checkLoginStatus accepts it like any other.
   */
  tokenFor(identifier: string, appId: string): string {
    const account = this.o.accounts.find((a) => a.identifier === identifier);
    if (!account) throw new Error(`no simulated authing account "${identifier}"`);
    return String(this.issue(account, appId).token);
  }

  private issue(account: AuthingAccount, appId = this.o.appId): Record<string, unknown> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.o.tokenTtlSeconds;
    const ids = { poolId: this.o.userPoolId, appId, issuer: this.o.issuer };
    // A unique jti: two sign-ins of one user in the same second must get distinct tokens, or one
    // logout (which revokes the token) would end both sessions.
    const token = this.signer.sign({ ...idTokenClaims(account, ids, iat, exp), jti: randomBytes(12).toString('hex') });
    const rec = this.logins.get(account.id) ?? { count: 0 };
    rec.count++;
    rec.last = Date.now();
    this.logins.set(account.id, rec);
    return userObject(account, this.o.userPoolId, token, exp, rec);
  }

  /** The account and claims of a live token, or why not: `expired` (2206) / `invalid` (2207). */
  private inspect(
    token: string | undefined,
  ): { account: AuthingAccount; iat: number; exp: number } | 'missing' | 'expired' | 'invalid' {
    if (!token) return 'missing';
    const claims = this.signer.verify(token);
    if (!claims) return 'invalid';
    const exp = Number(claims.exp);
    if (this.revoked.has(token) || !(exp * 1000 > Date.now())) return 'expired';
    const account = this.o.accounts.find((a) => a.id === claims.sub);
    if (!account) return 'invalid';
    return { account, iat: Number(claims.iat), exp };
  }

  /** JwtTokenStatus; never a GraphQL error (docs/protocols/authing.md §8 client pitfall 2). */
  checkLoginStatus(variables: Record<string, unknown>, ctx: CallerContext): Record<string, unknown> {
    // The JS SDK sends `{}` when it holds no token; the server then looks at the bearer token.
    const got = this.inspect(nullableStr(variables.token) ?? ctx.bearer);
    const no = { status: false, exp: null, iat: null, data: null };
    // Texts for 2020 (no token) and 2207 (malformed) are unconfirmed; 2206 is a real response.
    if (got === 'missing') return { code: 2020, message: '尚未登录，无访问权限', ...no };
    if (got === 'expired') return { code: 2206, message: '登录信息已过期', ...no };
    if (got === 'invalid') return { code: 2207, message: '登录信息有误，请重新登录', ...no };
    const { account, iat, exp } = got;
    const data = {
      id: account.id,
      userPoolId: this.o.userPoolId,
      arn: `arn:cn:authing:${this.o.userPoolId}:user:${account.id}`,
    };
    return { code: 200, message: '已登录', status: true, exp, iat, data };
  }

  currentUser(ctx: CallerContext): Record<string, unknown> {
    const got = this.inspect(ctx.bearer);
    if (typeof got === 'string') throw new AuthingFault(2020, '尚未登录，无访问权限');
    return userObject(
      got.account,
      this.o.userPoolId,
      ctx.bearer ?? null,
      got.exp,
      this.logins.get(got.account.id) ?? { count: 0 },
    );
  }

  refreshToken(ctx: CallerContext): Record<string, unknown> {
    const got = this.inspect(ctx.bearer);
    if (typeof got === 'string') throw new AuthingFault(2020, '尚未登录，无访问权限');
    const user = this.issue(got.account);
    const claims = this.signer.verify(user.token as string)!;
    return { token: user.token, iat: claims.iat, exp: claims.exp };
  }

  /** Revokes the bearer token (docs/protocols/authing.md §8 simulator pitfall 5); a dead token is not an error. */
  logout(ctx: CallerContext): void {
    if (ctx.bearer && this.signer.verify(ctx.bearer)) this.revoked.add(ctx.bearer);
  }

  // ---- captcha ----

  newCaptcha(): { session: string; png: Buffer } {
    const text = randomCaptchaText();
    const session = randomBytes(16).toString('hex');
    this.captchas.set(session, text);
    this.lastCaptcha = text;
    return { session, png: renderCaptchaPng(text) };
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function nullableStr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
