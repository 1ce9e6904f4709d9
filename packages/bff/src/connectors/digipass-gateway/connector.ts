/**
 * OneSpan DIGIPASS Gateway connector (OTP tab): one `authUser` call per sign-in
 * (digipass-gateway.md §3; "For a client" pitfalls 1-7).
 *
 * - Success ONLY when returnCode === 0 && statusCode === 0 && `result` is present (pitfall 1);
 *   the user is the RESOLVED userID/domain, serialNo an attribute (pitfall 2).
 * - Wrong OTP, unknown user, locked, expired challenge, ... → one uniform `invalid_code`, the
 *   upstream status in `detail` (pitfall 4: do not reveal which).
 * - HTTP 401/403 (the API key was refused: a configuration fault) and 5xx/non-JSON → 502.
 * - No session or token upstream (pitfall 7), so there is no logout().
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
const answerSchema = z.object({
  resultCodes: resultCodesSchema,
  result: z
    .object({
      userID: z.string().min(1),
      domain: z.string().nullish(),
      orgUnit: z.string().nullish(),
      serialNo: z.string().nullish(),
    })
    .nullish(),
});

/** Statuses that mean the gateway/OAS itself failed, not the person typing (→ 502). */
const SERVER_FAULTS = new Set(['STAT_ERROR', 'STAT_DPERROR']);

export const createDigipassGatewayConnector: ConnectorFactory<DigipassGatewayConfig> = (config) => {
  const http = httpClientFor(DIGIPASS_TYPE, config.url, config);
  const credential =
    config.apiKeyPlacement === 'username' ? `${config.apiKey}:` : `${config.basicUser}:${config.apiKey}`;
  const authorization = `Basic ${Buffer.from(credential, 'utf8').toString('base64')}`;

  async function otp(input: OtpInput, ctx: CallContext): Promise<VerifyOutcome> {
    const domain = input.domain || config.domain;
    // All strings, case-sensitive names, in the documented order (§3 example: userID, domain,
    // password); the OTP is sent exactly as typed (leading zeros kept, §6.5).
    const json: Record<string, string> = {
      userID: input.identifier,
      ...(domain ? { domain } : {}),
      password: input.otp,
    };
    const res = await http.request<string>({
      method: 'POST',
      path: AUTH_USER,
      json,
      expect: 'text',
      signal: ctx.signal,
      headers: { authorization },
    });
    if (res.status === 401 || res.status === 403) {
      throw new UpstreamError(
        'bad_response',
        `${DIGIPASS_TYPE}: the gateway refused the API key (HTTP ${res.status}); check apiKey/apiKeyPlacement`,
      );
    }
    if (res.status >= 500)
      throw new UpstreamError('bad_response', `${DIGIPASS_TYPE}: HTTP ${res.status} from authUser`);
    // Failures may come as 200 or 4xx (unconfirmed, §3): read the body on any other status.
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      throw new UpstreamError('bad_response', `${DIGIPASS_TYPE}: HTTP ${res.status} authUser answer is not JSON`);
    }
    const answer = answerSchema.safeParse(parsed);
    if (!answer.success) {
      throw new UpstreamError(
        'bad_response',
        `${DIGIPASS_TYPE}: HTTP ${res.status} authUser answer lacks a valid resultCodes block`,
      );
    }
    const { resultCodes: codes, result } = answer.data;
    const detail = `${codes.returnCodeEnum ?? 'RET'}(${codes.returnCode}) ${codes.statusCodeEnum ?? 'STAT'}(${codes.statusCode})`;
    if (codes.returnCode === 0 && codes.statusCode === 0) {
      if (!result) throw new UpstreamError('bad_response', `${DIGIPASS_TYPE}: success codes without a result`);
      const attributes: Record<string, string> = {};
      if (result.domain) attributes.domain = result.domain;
      if (result.serialNo) attributes.serialNo = result.serialNo;
      if (result.orgUnit) attributes.orgUnit = result.orgUnit;
      return { ok: true, user: { id: result.userID, username: result.userID, provider: DIGIPASS_TYPE, attributes } };
    }
    if (codes.statusCodeEnum && SERVER_FAULTS.has(codes.statusCodeEnum)) {
      throw new UpstreamError('bad_response', `${DIGIPASS_TYPE}: server fault ${detail}`);
    }
    return { ok: false, reason: 'invalid_code', detail };
  }

  return {
    type: DIGIPASS_TYPE,
    // The widget's Domain field starts with the configured default (the OTP tab: userID + domain).
    hints: { otp: { identifiers: ['userId'], ...(config.domain ? { domain: config.domain } : {}) } },
    otp,
    async ready(ctx) {
      // The gateway has no health service; any HTTP answer (even 404) proves it is reachable,
      // and no credential is sent (a probe must not count as a failed sign-in).
      await http.request({ method: 'GET', path: '/', expect: 'none', allowRedirectStatus: true, signal: ctx.signal });
    },
    close: () => http.close(),
  } satisfies Connector;
};
