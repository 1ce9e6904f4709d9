/**
 * THE connector interface. Every identity-system protocol implements it, in its
 * own folder (`connectors/<type>/`), and registers a factory in `connectors/index.ts`.
 *
 * Rules every connector keeps (the contract suite in `contract.test-kit.ts` checks them):
 *
 * 1. A wrong credential is an OUTCOME, not an exception: return `{ ok: false, reason }`.
 *    Unknown user, wrong password, locked or disabled account all map to the same
 *    public reason (`invalid_credentials` / `invalid_code` / `invalid_token`);
 *    put the upstream's own words in `detail` (for the audit log only).
 * 2. Only a broken upstream throws, and only `UpstreamError`:
 *      - `unavailable` (could not connect / refused / TLS failure)   → 503 upstream_unavailable
 *      - `timeout`     (no answer within `timeout` or `ctx.signal`)  → 504 upstream_timeout
 *      - `bad_response` (garbage, unexpected error, protocol breach) → 502 upstream_error
 *    The `message` of an UpstreamError is private (logged, never sent to a browser),
 *    and must not contain secrets (passwords, codes, tokens, API keys).
 * 3. Honour `ctx.signal`: when it aborts, stop waiting and throw `UpstreamError('timeout')`.
 *    Nothing may wait forever on a dead socket.
 * 4. Never log or return secrets. Upstream tokens go in `VerifySuccess.upstream`, which the
 *    BFF keeps only in the server-side session and hands back to `logout()`.
 * 5. Inputs reach the connector already validated (length limits, no NUL/control characters),
 *    but a connector still encodes them safely for its wire format (XML escaping, JSON, base64).
 */

import type { MethodId } from '../methods.js';
import type { CountryCode } from '../shared/phone.js';

/** The normalised user the browser sees (docs/architecture.md "user is normalised"). */
export interface AuthUser {
  /** The identifier the upstream knows the user by. */
  id: string;
  displayName?: string;
  username?: string;
  email?: string;
  phone?: string;
  /** The connector's type, e.g. `broadworks-oci`. */
  provider: string;
  /** A small object of NON-secret fields (BroadWorks groupId, serviceProviderId, ...). */
  attributes?: Record<string, string | number | boolean>;
}

/** JSON-serialisable data a connector wants kept server-side between calls. */
export type ConnectorState = Record<string, unknown>;

export interface CallContext {
  /** Aborts when the connector's `timeout` is spent or the client went away. */
  signal: AbortSignal;
  /**
   * State this connector stored earlier in the same flow (returned in `state` of a previous
   * outcome of the same method: e.g. the OpenIAM moving factor from `sendPhoneCode`, or the
   * Authing captcha cookie from a `captcha_required` password outcome). Server-side only.
   */
  state?: ConnectorState;
  /**
   * The end user's IP address as the BFF sees it (proxy-aware, `trustProxy`), for upstreams that
   * rate-limit or ask for a captcha per client IP (Authing's `clientIp`). Absent in background
   * calls such as `ready()`. Not a secret, but personal data: never log it at info level.
   */
  clientIp?: string;
}

/**
 * A notice the user should see after a successful sign-in (it does not stop the sign-in):
 * `password_expires` with the days left (BroadWorks `passwordExpiresDays`).
 */
export interface SignInNotice {
  code: 'password_expires';
  days: number;
}

export interface VerifySuccess {
  ok: true;
  user: AuthUser;
  /** Passed to the 200 body of the sign-in as `notices` (omitted when empty). */
  notices?: SignInNotice[];
  /** Upstream tokens/session data: kept ONLY in the server-side session, given back to logout(). */
  upstream?: ConnectorState;
  /**
   * When the upstream credential ends (ms since the epoch), e.g. the id_token's expiry: the BFF
   * session ends then too, whatever its own timeouts allow (docs/security.md C-07).
   */
  expiresAt?: number;
}

/** A second factor a challenge offers; `target` is the masked destination of a code (`+86 138****0001`). */
export interface ChallengeMethod {
  type: SecondFactor;
  target?: string;
}
export type SecondFactor = 'totp' | 'sms' | 'email';

/**
 * The CHALLENGE outcome: the first step checked out and the upstream asks for a second one
 * (`reason: 'mfa_required'` with `challenge`). The BFF keeps `state` server-side in the pending
 * step (never in a response or a log: it holds the upstream's step token, e.g. Authing's mfaToken),
 * answers 401 `mfa_required` with `mfa.methods`, and completes it with the connector's `mfa()` call
 * (and `sendMfaCode()` for SMS / email codes), which get `state` as `CallContext.state`. Any
 * connector may answer it; one without `mfa()` must not (the BFF then answers a plain 401).
 */
export interface Challenge {
  /** What the user can answer with, in the upstream's order; never empty. */
  methods: ChallengeMethod[];
  state: ConnectorState;
}

/**
 * `mfa_required` / `password_reset_required`: the password checked out but the upstream wants a
 * step (a second factor, a new password). With a `challenge` the BFF offers the second step
 * (see Challenge); without one it is a step the BFF does not offer. Never a 5xx, never refunded: it
 * counts as an attempt like a wrong password, and the route answers it only after the throttles
 * allowed the attempt (docs/security.md A-08). `rate_limited`: the upstream refused for frequency
 * (`retryAfterSeconds` when it said how long); `invalid_request`: the upstream refused the input
 * itself (a number it cannot use). Both are the client's answers, not upstream faults.
 */
export type FailureReason =
  | 'invalid_credentials'
  | 'captcha_required'
  | 'invalid_code'
  | 'code_expired'
  | 'invalid_token'
  | 'mfa_required'
  | 'password_reset_required'
  | 'rate_limited'
  | 'invalid_request';

export interface VerifyFailure {
  ok: false;
  reason: FailureReason;
  /** Private, for the audit log: the upstream's code/words. Never sent to the browser. */
  detail?: string;
  /** For `captcha_required`: the image the BFF relays at GET /captcha. */
  captcha?: { contentType: string; body: Uint8Array };
  /** State to keep server-side for the next call of this method (see CallContext.state). */
  state?: ConnectorState;
  /** For `rate_limited`: how long the upstream asked to wait, in seconds. */
  retryAfterSeconds?: number;
  /** For `mfa_required`: the second step the BFF can offer (see Challenge). */
  challenge?: Challenge;
}

export type VerifyOutcome = VerifySuccess | VerifyFailure;

export interface CodeSent {
  ok: true;
  /** State to keep server-side for the verify call that follows (moving factor, destination...). */
  state?: ConnectorState;
  /**
   * False when nothing was delivered (an unknown or locked destination, answered like a send: A-05).
   * Only for the BFF's timing masking (security/response-floor.ts); never shown to the client.
   */
  delivered?: boolean;
}

/**
 * A code send the upstream refused for the client's reason (a number it cannot use, sent too
 * often): an answer, not a fault (rule 1), so it never counts towards the circuit breaker.
 */
export interface CodeRefused {
  ok: false;
  reason: 'invalid_request' | 'rate_limited';
  /** For `rate_limited`: how long the upstream asked to wait, in seconds. */
  retryAfterSeconds?: number;
  /** Private, for the log only. */
  detail?: string;
  /** Nothing is kept for a refused send. */
  state?: never;
}

export type CodeSendOutcome = CodeSent | CodeRefused;

export interface PasswordInput {
  identifier: string;
  password: string;
  captcha?: string;
}
export interface PhoneCodeInput {
  phone: string;
}
export interface PhoneInput {
  phone: string;
  code: string;
}
export interface OtpCodeInput {
  identifier: string;
}
export interface OtpInput {
  identifier: string;
  otp: string;
  domain?: string;
}
export interface TokenInput {
  token: string;
}
/** The second step of a challenge: the code of one of its methods. */
export interface MfaInput {
  method: SecondFactor;
  code: string;
}
/** A code for the second step sent by SMS or email (to the challenge's destination). */
export interface MfaCodeInput {
  method: Exclude<SecondFactor, 'totp'>;
}

/**
 * What a connector implements. Each method is optional: a connector offers only the tabs its
 * identity system supports (see the table in docs/architecture.md); the BFF refuses at start-up a `methods`
 * entry that points at a connector lacking the method.
 */
export interface Connector {
  /** The connector type, e.g. `broadworks-oci` (also `user.provider`). */
  readonly type: string;

  /**
   * Optional hints for the widget, served by GET /config per method: what the identifier is
   * (`['userId', 'phone']`, `['email', 'phone', 'username']`), the code length, and the default
   * of the OTP tab's Domain field (DIGIPASS `domain`).
   */
  readonly hints?: Partial<Record<MethodId, MethodHints>>;

  password?(input: PasswordInput, ctx: CallContext): Promise<VerifyOutcome>;
  sendPhoneCode?(input: PhoneCodeInput, ctx: CallContext): Promise<CodeSendOutcome>;
  phone?(input: PhoneInput, ctx: CallContext): Promise<VerifyOutcome>;
  sendOtpCode?(input: OtpCodeInput, ctx: CallContext): Promise<CodeSendOutcome>;
  otp?(input: OtpInput, ctx: CallContext): Promise<VerifyOutcome>;
  token?(input: TokenInput, ctx: CallContext): Promise<VerifyOutcome>;
  /**
   * The second step of a Challenge this connector answered (`ctx.state` is the challenge's state):
   * success as for a first step; a wrong code `invalid_code` (the step stays pending); a step the
   * upstream no longer knows (its token expired or used) `code_expired` (the step ends).
   */
  mfa?(input: MfaInput, ctx: CallContext): Promise<VerifyOutcome>;
  /** Sends the SMS / email code of a pending challenge (`ctx.state` is the challenge's state). */
  sendMfaCode?(input: MfaCodeInput, ctx: CallContext): Promise<CodeSendOutcome>;

  /** Ends the upstream session too, where the protocol has one. Must not throw for a dead token. */
  logout?(upstream: ConnectorState, ctx: CallContext): Promise<void>;

  /** For GET /readyz: resolves when the upstream is reachable, throws UpstreamError otherwise. */
  ready(ctx: CallContext): Promise<void>;

  /** Close sockets/pools; called on shutdown. */
  close(): Promise<void>;

  /**
   * The canonical name of the upstream identity an input addresses (docs/security.md A-01): every
   * throttle (per account, per destination, resend delay) keys on it, so spellings the upstream
   * treats as one identity (`+1 202 555 0123` and `+12025550123`) share one bucket. `method` is the
   * method id (`password`, `phone`, `otp`...), `input` the validated body of the sign-in or of the
   * code send. E.164 for phone numbers, the directory's case rules for user names, domain-qualified
   * ids where the upstream has domains. Pure and synchronous (no I/O). Undefined, or a connector
   * without it: the identifier NFKC-normalised, trimmed and lower-cased.
   */
  subjectOf?(method: string, input: Readonly<Record<string, string>>): string | undefined;

  /**
   * The phone number an input carries WHEN this connector reads it as one (the phone tab's `phone`;
   * a password identifier it sends as a phone number), in E.164 as this connector reads it (national
   * formats in `ConnectorDeps.phone.defaultCountry`, else the connector's own default); `null` for a
   * field that is a phone number by definition but reads as none (junk); undefined when the input
   * carries no phone number for this connector (a user name, an email). Pure and synchronous. The
   * routes hold it against `phone.countries` before any upstream call (routes/phone-gate.ts).
   */
  phoneOf?(method: string, input: Readonly<Record<string, string>>): string | null | undefined;
}

/** What GET /config tells the widget about one method of a connector. */
export interface MethodHints {
  identifiers?: string[];
  codeLength?: number;
  domain?: string;
}

export type UpstreamErrorKind = 'unavailable' | 'timeout' | 'bad_response';

/** The only exception a connector throws. Its message is private (logs only) and secret-free. */
export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  /**
   * True only where the transport KNOWS no byte of the request left the BFF (the connect was
   * refused or timed out before the request was written, the circuit was open, the bulkhead was
   * full). Only such a failure gives a throttled attempt or code send back (docs/security.md A-04):
   * anything else may have reached the upstream and counts.
   */
  readonly notSent: boolean;
  constructor(kind: UpstreamErrorKind, message: string, options?: { cause?: unknown; notSent?: boolean }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'UpstreamError';
    this.kind = kind;
    this.notSent = options?.notSent === true;
  }
}

/**
 * The upstream answered coherently (a well-formed reply with a business code) but with something
 * the connector does not map: still 502 `upstream_error`, yet the upstream is alive, so the
 * circuit breaker does not count it (call-policy.ts `classifyOutcome`). Not for unreadable replies.
 */
export class UnexpectedAnswer extends UpstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_response', message, options);
    this.name = 'UnexpectedAnswer';
  }
}

/**
 * Shared state for a connector that must count or remember across BFF instances (OpenIAM's
 * attempt and single-use ledger): a key-value store with expiry and an atomic counter, in memory or
 * in the deployment's Redis (`session.store`), namespaced per connector. Values are short strings;
 * never put a secret in a key or a value.
 */
export interface ConnectorStore {
  /** Adds `by` (default 1, may be negative) to the counter at `key`, created at 0 with `ttlMs`; the new value. */
  incr(key: string, ttlMs: number, by?: number): Promise<number>;
  /** Sets `key` only if it does not exist; true when it was set. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What a connector is built with besides its config. */
export interface ConnectorDeps {
  logger: ConnectorLogger;
  /**
   * The deployment's shared store for this connector (createBff always gives one: memory, or Redis
   * when `session.store` is Redis). A connector built without it (a test) keeps its state in memory.
   */
  store?: ConnectorStore;
  /**
   * The deployment's phone settings (config `phone`): `defaultCountry` is the region of a number
   * typed without `+`, and wins over the connector's own default (Authing's CN, OpenIAM's
   * `defaultCountryCode`).
   */
  phone?: { defaultCountry?: CountryCode };
}

/** Builds a connector from its (already validated) config entry. */
export type ConnectorFactory<C = unknown> = (config: C, deps: ConnectorDeps) => Connector;

/** The logger subset connectors may use (pino-compatible); never pass secrets to it. */
export interface ConnectorLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
