/**
 * OneSpan DIGIPASS Gateway 5.x simulator: `POST /rest/v2/authentication/authUser`
 * (docs/protocols/digipass-gateway.md §2-§4 and its "For a simulator" pitfalls).
 *
 * Choices where the note is unconfirmed (documented in packages/simulators/README.md):
 * - Basic auth: the front-end API key is accepted in EITHER position (`<any>:<key>` or `<key>:`),
 *   so the connector's `apiKeyPlacement` can be flipped without touching the simulator.
 * - A missing/bad key → HTTP 401 with an EMPTY body and `WWW-Authenticate: Basic`.
 * - A body that is not `Content-Type: application/json` → HTTP 415, empty body.
 * - Failed authentications → HTTP 200 (or `failureStatus`: 401 / 500) with the `resultCodes` block
 *   (RET_FAILURE / status) and no `result` key; bad JSON → HTTP 400 with STAT_INVDATA; missing
 *   fields → STAT_MISSINGFLD like any other failure.
 * - Wrong OTP / unknown user use the specific codes (STAT_OTP_INCORRECT / STAT_USER_UNKNOWN), or
 *   STAT_INVCREDENTIALS (1000) for both with `genericStatusCodes: true` (the OAS policy).
 */
import type { RecordedCall, RunningSimulator, SimulatorOptions } from '../types.js';
import {
  basicCredentials,
  parseJson,
  startSimHttpServer,
  type SimReply,
  type SimRequest,
} from '../shared/http-server.js';
import { DIGIPASS_DEMO_API_KEY, digipassDemoAccounts, type DigipassAccount } from './accounts.js';
import { resultCodes, type StatusCodeEnum } from './codes.js';

export const DIGIPASS_SCENARIOS = [
  'ok',
  'wrong-code',
  'locked',
  'slow',
  '5xx',
  'non-json',
  'wrong-api-key',
  'expired',
] as const;
export type DigipassScenario = (typeof DIGIPASS_SCENARIOS)[number];

export interface DigipassSimulatorOptions extends SimulatorOptions<DigipassAccount> {
  /** The front-end API key (default `demo-frontend-api-key`). */
  apiKey?: string;
  /** Answer 1000 STAT_INVCREDENTIALS instead of the specific statuses (OAS generic-codes policy). */
  genericStatusCodes?: boolean;
  /** How long the `slow` scenario waits before answering (default 10 s). */
  slowMs?: number;
  /**
   * HTTP status of a failed authentication that carries a `resultCodes` body (unconfirmed on the
   * REST wire: 200 is the default; a JAX-RS service may as well answer 401 or 500 with the body).
   */
  failureStatus?: 200 | 401 | 500;
}

export const AUTH_USER_PATH = '/rest/v2/authentication/authUser';

export async function startDigipassSimulator(options: DigipassSimulatorOptions = {}): Promise<RunningSimulator> {
  const accounts = options.accounts ?? digipassDemoAccounts;
  const apiKey = options.apiKey ?? DIGIPASS_DEMO_API_KEY;
  const slowMs = options.slowMs ?? 10_000;
  let scenario = checkScenario(options.scenario ?? 'ok');
  const calls: RecordedCall[] = [];

  const failure = (stat: StatusCodeEnum): SimReply => ({
    status: options.failureStatus ?? 200,
    body: { resultCodes: resultCodes('RET_FAILURE', stat) },
  });
  const generic = (stat: StatusCodeEnum): StatusCodeEnum => (options.genericStatusCodes ? 'STAT_INVCREDENTIALS' : stat);

  function authUser(req: SimRequest): SimReply {
    const creds = basicCredentials(req.headers);
    const keyOk = creds !== null && (creds[1] === apiKey || (creds[0] === apiKey && creds[1] === ''));
    if (!keyOk || scenario === 'wrong-api-key') {
      return { status: 401, headers: { 'www-authenticate': 'Basic realm="DIGIPASS Gateway"' } };
    }
    const body = parseJson(req.text);
    if (!isRecord(body)) return { status: 400, body: { resultCodes: resultCodes('RET_FAILURE', 'STAT_INVDATA') } };
    const { userID, domain, password } = body;
    // Field names are case-sensitive (`userId` is not `userID`); values must be strings (§3).
    if (typeof userID !== 'string' || userID === '' || typeof password !== 'string' || password === '') {
      return failure('STAT_MISSINGFLD');
    }
    if (domain !== undefined && typeof domain !== 'string') return failure('STAT_INVDATA');
    if (scenario === 'wrong-code') return failure(generic('STAT_OTP_INCORRECT'));
    if (scenario === 'expired') return failure('STAT_EXP_CHALLENGE');

    const account = accounts.find(
      (a) =>
        a.userID.toLowerCase() === userID.toLowerCase() && (!domain || a.domain.toLowerCase() === domain.toLowerCase()),
    );
    if (scenario === 'locked' || account?.locked) return failure(generic('STAT_LOCKED'));
    if (!account) return failure(generic('STAT_USER_UNKNOWN'));
    // Compared as strings: "12345" is not "012345".
    if (password !== account.otp) return failure(generic('STAT_OTP_INCORRECT'));
    return {
      status: 200,
      body: {
        resultCodes: resultCodes('RET_SUCCESS', 'STAT_SUCCESS'),
        // Resolved values, in the stored spelling (§3: may differ from the request).
        result: {
          userID: account.userID,
          domain: account.domain,
          orgUnit: account.orgUnit ?? '',
          serialNo: account.serialNo,
        },
      },
    };
  }

  const server = await startSimHttpServer({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    handler(req) {
      const kind = `${req.method} ${req.path}`;
      const parsed = parseJson(req.text);
      // Redacted: the user ID only, never the OTP or the Authorization header.
      const user =
        isRecord(parsed) && typeof parsed.userID === 'string' ? `userID=${parsed.userID.slice(0, 64)}` : undefined;
      calls.push({ kind, at: Date.now(), ...(user ? { summary: user } : {}) });
      if (req.path !== AUTH_USER_PATH)
        return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>Not Found</body></html>' };
      if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' } };
      if (scenario === '5xx') {
        return { status: 500, headers: { 'content-type': 'text/html;charset=utf-8' }, body: TOMCAT_500 };
      }
      if (scenario === 'non-json') {
        return {
          status: 200,
          headers: { 'content-type': 'text/html;charset=utf-8' },
          body: '<html><body>DIGIPASS Gateway maintenance</body></html>',
        };
      }
      // A JSON REST service (§1: "JSON request and response bodies"): a body of another media type
      // is refused before the service runs (JAX-RS 415; the real body is unconfirmed: empty here).
      if (mediaType(req) !== 'application/json') return { status: 415 };
      const reply = authUser(req);
      return scenario === 'slow' ? { ...reply, delayMs: slowMs } : reply;
    },
  });

  return {
    name: 'digipass-gateway',
    host: server.host,
    port: server.port,
    url: server.url,
    calls,
    outbox: [],
    setScenario(name: string) {
      scenario = checkScenario(name);
    },
    close: () => server.close(),
  };
}

function checkScenario(name: string): DigipassScenario {
  if (!(DIGIPASS_SCENARIOS as readonly string[]).includes(name)) {
    throw new Error(`unknown digipass-gateway scenario "${name}" (one of ${DIGIPASS_SCENARIOS.join(', ')})`);
  }
  return name as DigipassScenario;
}

function mediaType(req: SimRequest): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const TOMCAT_500 =
  '<!doctype html><html lang="en"><head><title>HTTP Status 500 – Internal Server Error</title></head>' +
  '<body><h1>HTTP Status 500 – Internal Server Error</h1><p><b>Type</b> Exception Report</p>' +
  '<p><b>Message</b> com.vasco.dpgw.SoapFault: OAS unreachable</p></body></html>';
