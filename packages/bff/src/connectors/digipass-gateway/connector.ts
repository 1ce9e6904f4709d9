/**
 * OneSpan DIGIPASS Gateway connector (OTP tab): one `authUser` call per sign-in
 * (docs/protocols/digipass-gateway.md §3; "For a client" pitfalls 1-7).
 *
 * - Success ONLY when returnCode === 0 && statusCode === 0 && `result` is present (pitfall 1);
 *   the user is the RESOLVED userID/domain, serialNo an attribute (pitfall 2).
 * - Wrong OTP, unknown user, locked, expired challenge, ... → one uniform `invalid_code`, the
 *   upstream status in `detail` (pitfall 4: do not reveal which).
 * - The body is parsed on ANY status: a `resultCodes` block is the answer (a failed check may come
 *   as 200, 401 or 500 — unconfirmed); only a reply without one is a fault: 401/403 = the API key
 *   was refused (configuration), anything else = gateway trouble → 502.
 * - ready() proves the API key with a field-less authUser call (it must fail on the missing field).
 * - No session or token upstream (pitfall 7), so there is no logout().
 * - The client's `domain` must be one of `domains` (default: the configured `domain` only), else
 *   `invalid_request` (400) without an upstream call. The user id carries the domain,
 *   `<userID>@<domain>` (the resolved one, else the one sent): `alice` of two domains are two users.
 */
import { z } from 'zod';
import {
  UpstreamError,
  type CallContext,
  type Connector,
  type ConnectorFactory,
  type OtpInput,
  type VerifyOutcome,
} from '../connector.js';
import { httpClientFor } from '../shared/http.js';
import type { DigipassGatewayConfig } from './config.js';

export const DIGIPASS_TYPE = 'digipass-gateway';
const AUTH_USER = '/rest/v2/authentication/authUser';

const resultCodesSchema = z.object({
  returnCode: z.number(),
  statusCode: z.number(),
  returnCodeEnum: z.string().optional(),
  statusCodeEnum: z.string().optional(),
});
const resultSchema = z.object({
  userID: z.string().min(1),
  domain: z.string().nullish(),
  orgUnit: z.string().nullish(),
  serialNo: z.string().nullish(),
});
type ResultCodes = z.output<typeof resultCodesSchema>;

/** Statuses that mean the gateway/OAS itself failed, not the person typing (→ 502). */
const SERVER_FAULTS = new Set(['STAT_ERROR', 'STAT_DPERROR']);

export const createDigipassGatewayConnector: ConnectorFactory<DigipassGatewayConfig> = (config, deps) => {
  const http = httpClientFor(DIGIPASS_TYPE, config.url, config);
  const credential =
    config.apiKeyPlacement === 'username' ? `${config.apiKey}:` : `${config.basicUser}:${config.apiKey}`;
  const authorization = `Basic ${Buffer.from(credential, 'utf8').toString('base64')}`;

  const log = deps.logger;

  /**
   * One authUser call. The body is read on ANY status (the status of a failed check is unconfirmed:
   * 200, 401 or 500 with the same body are all plausible): a `resultCodes` block is the gateway's
   * answer whatever the status; only a reply without one is an API-key (401/403) or gateway fault.
   */
  async function authUser(
    json: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ status: number; body: Record<string, unknown>; codes: ResultCodes }> {
    const res = await http.request<string>({
      method: 'POST',
      path: AUTH_USER,
      json,
      expect: 'text',
      signal,
      headers: { authorization },
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = undefined;
    }
    const codes =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? resultCodesSchema.safeParse((parsed as { resultCodes?: unknown }).resultCodes)
        : undefined;
    if (codes?.success) return { status: res.status, body: parsed as Record<string, unknown>, codes: codes.data };
    if (res.status === 401 || res.status === 403) {
      throw new UpstreamError(
        'bad_response',
        `${DIGIPASS_TYPE}: the gateway refused the API key (HTTP ${res.status}); check apiKey/apiKeyPlacement`,
      );
    }
    throw new UpstreamError(
      'bad_response',
      parsed === undefined
        ? `${DIGIPASS_TYPE}: HTTP ${res.status} authUser answer is not JSON`
        : `${DIGIPASS_TYPE}: HTTP ${res.status} authUser answer lacks a valid resultCodes block`,
    );
  }

  const allowedDomains = new Set(
    (config.domains ?? (config.domain ? [config.domain] : [])).map((d) => d.toLowerCase()),
  );

  async function otp(input: OtpInput, ctx: CallContext): Promise<VerifyOutcome> {
    if (input.domain && !allowedDomains.has(input.domain.toLowerCase())) {
      return { ok: false, reason: 'invalid_request', detail: "domain not in the connector's `domains`" };
    }
    const domain = input.domain || config.domain;
    // All strings, case-sensitive names, in the documented order (§3 example: userID, domain,
    // password); the OTP is sent exactly as typed (leading zeros kept, §6.5).
    const json: Record<string, string> = {
      userID: input.identifier,
      ...(domain ? { domain } : {}),
      password: input.otp,
    };
    log.debug(
      { connector: DIGIPASS_TYPE, event: 'dpgw-request', path: AUTH_USER, body: { ...json, password: '[masked]' } },
      'digipass-gateway: authUser request (OTP and API key masked)',
    );
    const { status, body, codes } = await authUser(json, ctx.signal);
    const { result: rawResult } = body as { result?: unknown };
    const detail = `${codes.returnCodeEnum ?? 'RET'}(${codes.returnCode}) ${codes.statusCodeEnum ?? 'STAT'}(${codes.statusCode})`;
    log.debug(
      { connector: DIGIPASS_TYPE, event: 'dpgw-answer', status, resultCodes: detail },
      'digipass-gateway: authUser answer',
    );
    if (codes.returnCode === 0 && codes.statusCode === 0) {
      const parsed = resultSchema.safeParse(rawResult);
      if (!parsed.success || status !== 200)
        throw new UpstreamError(
          'bad_response',
          `${DIGIPASS_TYPE}: HTTP ${status} success codes without a valid result`,
        );
      const result = parsed.data;
      const attributes: Record<string, string> = {};
      const userDomain = result.domain || domain;
      if (userDomain) attributes.domain = userDomain;
      if (result.serialNo) attributes.serialNo = result.serialNo;
      if (result.orgUnit) attributes.orgUnit = result.orgUnit;
      const id = userDomain ? `${result.userID}@${userDomain}` : result.userID;
      return { ok: true, user: { id, username: result.userID, provider: DIGIPASS_TYPE, attributes } };
    }
    if (codes.statusCodeEnum && SERVER_FAULTS.has(codes.statusCodeEnum)) {
      throw new UpstreamError('bad_response', `${DIGIPASS_TYPE}: server fault ${detail}`);
    }
    return { ok: false, reason: 'invalid_code', detail };
  }

  return {
    type: DIGIPASS_TYPE,
    // The user the gateway resolves is userID within a domain: `alice` in two domains is two subjects.
    subjectOf: (method: string, input: Readonly<Record<string, string>>) =>
      method === 'otp' && input.identifier !== undefined
        ? `${input.domain || config.domain || ''}\\${input.identifier.trim()}`
        : undefined,
    // The widget's Domain field starts with the configured default (the OTP tab: userID + domain).
    hints: { otp: { identifiers: ['userId'], ...(config.domain ? { domain: config.domain } : {}) } },
    otp,
    async ready(ctx) {
      // Proves the API key, not just the port: an authUser call with NO fields. A working key gets
      // a resultCodes answer (a missing-field failure) and no sign-in is counted against anyone;
      // a refused key gets 401/403 without resultCodes → throws.
      const { codes } = await authUser({}, ctx.signal);
      log.debug(
        { connector: DIGIPASS_TYPE, event: 'dpgw-ready', statusCode: codes.statusCodeEnum ?? codes.statusCode },
        'digipass-gateway: API key accepted',
      );
    },
    close: () => http.close(),
  } satisfies Connector;
};
