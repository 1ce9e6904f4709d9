/**
 * OpenIAM connector: phone tab (SMS code) and OTP tab (email code) over the self-service
 * verification-code endpoints (docs/protocols/openiam.md §4.1-§4.4, client pitfalls 1-7).
 *
 * send → `CodeSent.state` keeps the moving factor and the destination (flow.ts); the browser never
 * sees either. check → only with that state, for the same destination, before it expires, within
 * the attempt limit, once. The user is built from the destination we sent to (pitfall 3).
 * Sends answer uniformly: an unknown or locked destination yields a state that can never verify,
 * so the browser cannot tell known from unknown addresses (docs/security.md T12). Which addresses may
 * receive a code at all is the operator's `addresses` policy (config.ts): OpenIAM's send answer
 * does not say whether the address belongs to an account.
 */
import {
  UpstreamError,
  type CallContext,
  type CodeSent,
  type Connector,
  type ConnectorFactory,
  type ConnectorLogger,
  type ConnectorState,
  type VerifyOutcome,
} from '../connector.js';
import { httpClientFor } from '../shared/http.js';
import type { OpenIamConfig } from './config.js';
import { movingFactor, readEnvelope } from './envelope.js';
import { FlowLedger, newFlowState, readFlowState } from './flow.js';
import { MemoryConnectorStore } from '../shared/memory-store.js';
import { normalizePhone, toPhoneBean } from './phone.js';
import { toE164 } from '../../shared/phone.js';

export const OPENIAM_TYPE = 'openiam';
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const DECOY_AGE_MS = 10 * 365 * 86_400_000;

/** `contextValues.<bean>.userId` of a send answer, when OpenIAM filled it (the seed shows null). */
function beanUserId(contextValues: Record<string, unknown>, bean: string): string | undefined {
  const b = contextValues[bean];
  const id = b && typeof b === 'object' ? (b as { userId?: unknown }).userId : undefined;
  return typeof id === 'string' && /^[\w.@:-]{1,128}$/.test(id) ? id : undefined;
}

export const createOpenIamConnector: ConnectorFactory<OpenIamConfig> = (config, deps) => {
  const http = httpClientFor(OPENIAM_TYPE, config.url, config);
  // Attempts and single use in the deployment's shared store (Redis with several instances).
  const ledger = new FlowLedger(deps.store ?? new MemoryConnectorStore(), config.timeout + 5_000);
  const ss = config.selfServicePath;
  const log: ConnectorLogger = deps.logger;

  async function post(path: string, json: unknown, signal: AbortSignal) {
    const res = await http.request<string>({ method: 'POST', path, json, expect: 'text', signal });
    return readEnvelope(`${OPENIAM_TYPE} POST ${path}`, res.status, res.body);
  }

  const policy = config.addresses;
  if (!policy.trustUpstream && policy.emailDomains.length === 0 && policy.phonePrefixes.length === 0) {
    log.warn(
      { connector: OPENIAM_TYPE, event: 'openiam-no-address-policy' },
      'openiam: no `addresses` policy configured: no code will be sent to any address',
    );
  }

  /** Whether the operator's policy lets this (normalised) address receive a code. */
  function allowed(channel: 'email' | 'sms', destination: string): boolean {
    if (policy.trustUpstream) return true;
    if (channel === 'email') return policy.emailDomains.includes(destination.slice(destination.lastIndexOf('@') + 1));
    return policy.phonePrefixes.some((p) => destination.startsWith(p));
  }

  async function send(channel: 'email' | 'sms', destination: string | null, ctx: CallContext): Promise<CodeSent> {
    if (destination === null) return { ok: true, state: newFlowState(channel, '', null, config.codeTtl) };
    if (!allowed(channel, destination)) {
      // Outside the policy: nothing is sent, and the browser sees the same answer as for a send.
      log.info({ connector: OPENIAM_TYPE, channel, event: 'openiam-address-refused' }, 'openiam: address not allowed');
      return { ok: true, delivered: false, state: newFlowState(channel, destination, null, config.codeTtl) };
    }
    const path = channel === 'email' ? `${ss}/send-verification-code-by-email` : `${ss}/send-sms-verification-code`;
    const body = channel === 'email' ? { email: destination } : toPhoneBean(destination);
    log.debug(
      {
        connector: OPENIAM_TYPE,
        event: 'openiam-request',
        path,
        body: channel === 'email' ? { email: '[address]' } : { ...body, phoneNbr: '[number]' },
      },
      'openiam: send request (address masked)',
    );
    const verdict = await post(path, body, ctx.signal);
    log.debug(
      {
        connector: OPENIAM_TYPE,
        event: 'openiam-answer',
        path,
        ok: verdict.ok,
        ...(verdict.ok ? {} : { errors: verdict.errors }),
      },
      'openiam: send answer',
    );
    if (!verdict.ok) {
      // Unknown/locked destination: uniform to the browser, named in the log (no address in it).
      log.info({ connector: OPENIAM_TYPE, channel, upstreamErrors: verdict.errors }, 'openiam: code not sent');
      return { ok: true, state: newFlowState(channel, destination, null, config.codeTtl) };
    }
    const factor = movingFactor(verdict.contextValues, `${channel}MovingFactor`);
    if (factor === null)
      throw new UpstreamError('bad_response', `${OPENIAM_TYPE} POST ${path}: no moving factor in the answer`);
    const state = newFlowState(channel, destination, factor, config.codeTtl);
    const userId = beanUserId(verdict.contextValues, channel === 'email' ? 'emailAddressForCode' : 'phoneForCode');
    if (userId) state.userId = userId;
    return { ok: true, state };
  }

  async function check(
    channel: 'email' | 'sms',
    destination: string | null,
    code: string,
    ctx: CallContext,
  ): Promise<VerifyOutcome> {
    const state = readFlowState(ctx.state, channel);
    const refuse = (detail: string, next?: ConnectorState): VerifyOutcome => ({
      ok: false,
      reason: 'invalid_code',
      detail,
      ...(next ? { state: next } : {}),
    });
    if (!state) return refuse('no code was sent in this flow');
    if (destination === null || state.destination !== destination)
      return refuse('destination differs from the one the code was sent to', state);
    if (Date.now() > state.expiresAt)
      return { ok: false, reason: 'code_expired', detail: 'code lifetime (codeTtl) passed' };
    const entry = await ledger.begin(state, config.maxAttempts);
    if (!entry) return refuse('code already used, being checked, or out of attempts');
    // Nothing was delivered (unknown/locked destination): still make one check call, with a decoy
    // factor ten years old, and count the attempt, so that timing and throttling look the same as
    // for a real flow (docs/security.md T12). Its answer is ignored.
    const decoy = state.movingFactor === null;
    const factor = state.movingFactor ?? String(Date.now() - DECOY_AGE_MS);
    let verdict;
    try {
      // The factor goes back as a STRING, as the seed sends it (§4.3).
      const body =
        channel === 'email'
          ? { emailCode: code, emailMovingFactor: factor }
          : { smsCode: code, smsMovingFactor: factor };
      log.debug(
        {
          connector: OPENIAM_TYPE,
          event: 'openiam-request',
          path: `${ss}/check-verification-code`,
          body: Object.fromEntries(Object.keys(body).map((k) => [k, '[masked]'])),
        },
        'openiam: check request (code and factor masked)',
      );
      verdict = await post(`${ss}/check-verification-code`, body, ctx.signal);
      log.debug(
        {
          connector: OPENIAM_TYPE,
          event: 'openiam-answer',
          ok: verdict.ok,
          ...(verdict.ok ? {} : { errors: verdict.errors }),
        },
        'openiam: check answer',
      );
    } catch (err) {
      await ledger.release(entry);
      throw err;
    }
    if (decoy) {
      const attempts = await ledger.fail(entry);
      return refuse(`no code was delivered to this destination (attempt ${attempts} of ${config.maxAttempts})`, {
        ...state,
        attempts,
      });
    }
    if (verdict.ok) {
      await ledger.succeed(entry);
      // The user is OpenIAM's when the send answer named one, else the address the code went to.
      const id = state.userId ?? state.destination;
      const user =
        channel === 'email'
          ? { id, email: state.destination, provider: OPENIAM_TYPE }
          : { id, phone: state.destination, provider: OPENIAM_TYPE };
      return { ok: true, user };
    }
    const attempts = await ledger.fail(entry);
    const detail = `upstream ${verdict.errors.join(',')} (attempt ${attempts} of ${config.maxAttempts})`;
    const next = { ...state, attempts };
    if (verdict.errors.some((e) => e.includes('EXPIRED')))
      return { ok: false, reason: 'code_expired', detail, state: next };
    return refuse(detail, next);
  }

  const email = (s: string) => {
    const e = s.trim().toLowerCase();
    return EMAIL.test(e) ? e : null;
  };
  // A number typed without `+`: of the deployment's `phone.defaultCountry` when set, else of `defaultCountryCode`.
  const region = deps.phone?.defaultCountry;
  const phone = (s: string) =>
    region ? toE164(s, { defaultCountry: region }) : normalizePhone(s, config.defaultCountryCode);

  return {
    type: OPENIAM_TYPE,
    hints: { otp: { identifiers: ['email'] } },
    sendOtpCode: (input, ctx) => send('email', email(input.identifier), ctx),
    otp: (input, ctx) => check('email', email(input.identifier), input.otp, ctx),
    sendPhoneCode: (input, ctx) => send('sms', phone(input.phone), ctx),
    phone: (input, ctx) => check('sms', phone(input.phone), input.code, ctx),
    // The number as sent (E.164) and the address as sent: one throttle bucket per destination.
    subjectOf: (method, input) =>
      method === 'phone' && input.phone !== undefined
        ? (phone(input.phone) ?? undefined)
        : method === 'otp' && input.identifier !== undefined
          ? (email(input.identifier) ?? undefined)
          : undefined,
    phoneOf: (method, input) => (method === 'phone' && input.phone !== undefined ? phone(input.phone) : undefined),

    async logout(upstream: ConnectorState, ctx: CallContext) {
      // OTP flows get no OpenIAM token; a session that holds one (a future password tab) is revoked (§4.4).
      const token = upstream.accessToken;
      if (typeof token !== 'string' || token === '') return;
      const cookie = typeof upstream.authTokenId === 'string' ? upstream.authTokenId : token;
      try {
        const res = await http.request({
          method: 'POST',
          path: `${config.idpPath}/oauth2/revoke`,
          expect: 'none',
          signal: ctx.signal,
          form: { token_type_hint: 'access_token', token },
          headers: { cookie: `OPENIAM_AUTH_TOKEN=${encodeURIComponent(cookie)}` },
        });
        // RFC 7009: any 2xx is done; anything else means the token may still be live — say so.
        if (res.status < 200 || res.status >= 300)
          log.warn({ connector: OPENIAM_TYPE, status: res.status }, 'openiam: revoke refused');
      } catch (err) {
        // Sign-out must not fail because the upstream is down; the local session ends anyway.
        log.warn(
          { connector: OPENIAM_TYPE, kind: err instanceof UpstreamError ? err.kind : 'error' },
          'openiam: revoke failed',
        );
      }
    },

    async ready(ctx) {
      // No health endpoint is documented; any HTTP answer from the self-service app will do.
      await http.request({
        method: 'GET',
        path: `${ss}/`,
        expect: 'none',
        allowRedirectStatus: true,
        signal: ctx.signal,
      });
    },
    close: () => http.close(),
  } satisfies Connector;
};
