/**
 * Authing v2 simulator (docs/protocols/authing.md): GraphQL at `POST /graphql/v2`, REST under `/api/v2/...`,
 * business errors as HTTP 200 (`errors[].message = {code, message, data}` / `{code, message}`).
 * Proven against the official `authing-js-sdk` in `simulator.sdk.test.ts`.
 */
import { authingDemoAccounts } from './accounts.js';
import type { AuthingAccount } from './accounts.js';
import { parseOperation, project } from './graphql.js';
import type { Operation } from './graphql.js';
import { schemaError } from './schema.js';
import { AuthingFault, AuthingService } from './service.js';
import type { CallerContext } from './service.js';
import { startSimHttpServer } from '../shared/http-server.js';
import type { SimReply, SimRequest } from '../shared/http-server.js';
import type { OutboxMessage, RecordedCall, RunningSimulator, SimulatorOptions } from '../types.js';

export const AUTHING_SCENARIOS = [
  'ok',
  'wrong-password',
  'wrong-code',
  'expired-code',
  'captcha',
  'locked',
  'slow',
  '5xx',
  'non-json',
  'wrong-app-id',
] as const;

export interface AuthingSimulatorOptions extends SimulatorOptions<AuthingAccount> {
  /** The app id / user pool id the simulated tenant answers to (x-authing-app-id / x-authing-userpool-id). */
  appId?: string;
  userPoolId?: string;
  /** Delay of the `slow` scenario, ms. Default 10000. */
  slowMs?: number;
  /** Ask for a captcha (2000) after this many failed password logins per identifier. Default: never (only scenario `captcha`). */
  captchaAfterFailures?: number;
  /**
   * What `captchaAfterFailures` counts per (Authing's login-failure detection is by IP; unconfirmed
   * whether also per account): `identifier` (default), or `clientIp` — the login input's `clientIp`,
   * else the caller's socket address (a BFF that sends no clientIp makes all its users one IP).
   */
  captchaBy?: 'identifier' | 'clientIp';
  /** SMS code lifetime, ms. Default 5 minutes. */
  codeTtlMs?: number;
  /** SMS code digits. Default 4. */
  codeLength?: number;
  /** id_token lifetime, s. Default 14 days. */
  tokenTtlSeconds?: number;
  /** Accept a password that is not RSA-encrypted. Default false (2016). */
  acceptPlaintextPasswords?: boolean;
  /** Refuse a second SMS to the same number within this many ms ("sent too often"). Default 0: never. */
  smsResendIntervalMs?: number;
  /** How long the mfaToken of a 1635 answer lives (default 5 minutes). */
  mfaTokenTtlMs?: number;
  /** Called with each SMS "sent" (after it is added to `outbox`), e.g. for the CLI to print codes. */
  onSend?: (message: OutboxMessage) => void;
}

export interface RunningAuthingSimulator extends RunningSimulator {
  readonly appId: string;
  readonly userPoolId: string;
  /** SPKI PEM of this run's password key (also served at /api/v2/.well-known). */
  readonly publicKeyPem: string;
  /** The text of the most recently served captcha image. */
  readonly lastCaptcha: string | undefined;
  /** An id_token for an account (by `identifier`) as issued to another app of this pool (default: this app). */
  issueToken(identifier: string, appId?: string): string;
}

export const AUTHING_CAPTCHA_COOKIE = 'authing_captcha';

export async function startAuthingSimulator(opts: AuthingSimulatorOptions = {}): Promise<RunningAuthingSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const appId = opts.appId ?? 'authing-sim-app';
  const userPoolId = opts.userPoolId ?? 'authing-sim-pool';
  let scenario = checkScenario(opts.scenario ?? 'ok');
  const calls: RecordedCall[] = [];
  const outbox: OutboxMessage[] = [];
  let url = '';
  const service = new AuthingService({
    accounts: opts.accounts ?? authingDemoAccounts,
    appId,
    userPoolId,
    get issuer() {
      return `${url}/oidc`;
    },
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 1_209_600,
    codeTtlMs: opts.codeTtlMs ?? 300_000,
    codeLength: opts.codeLength ?? 4,
    ...(opts.captchaAfterFailures !== undefined ? { captchaAfterFailures: opts.captchaAfterFailures } : {}),
    captchaBy: opts.captchaBy ?? 'identifier',
    acceptPlaintextPasswords: opts.acceptPlaintextPasswords ?? false,
    ...(opts.smsResendIntervalMs ? { smsResendIntervalMs: opts.smsResendIntervalMs } : {}),
    ...(opts.mfaTokenTtlMs !== undefined ? { mfaTokenTtlMs: opts.mfaTokenTtlMs } : {}),
    scenario: () => scenario,
    outbox,
    ...(opts.onSend ? { onSend: opts.onSend } : {}),
  });

  function handle(req: SimRequest): SimReply {
    const route = `${req.method} ${req.path}`;
    const call: RecordedCall = { kind: route, at: Date.now() };
    calls.push(call);
    const reply = answer(req, route, call);
    // `slow` delays the answer, not the work (a slow real server has acted before it replies).
    return scenario === 'slow' ? { ...reply, delayMs: opts.slowMs ?? 10_000 } : reply;
  }

  function answer(req: SimRequest, route: string, call: RecordedCall): SimReply {
    if (scenario === '5xx')
      return html(
        502,
        '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n',
      );
    if (scenario === 'non-json') return html(200, '<!DOCTYPE html><html><body>Authing</body></html>');
    // Unknown app: the code and text are unconfirmed (docs/protocols/authing.md has no sample); any client should treat it as misconfiguration.
    const wrongApp =
      scenario === 'wrong-app-id' ||
      mismatch(req, 'x-authing-app-id', appId) ||
      mismatch(req, 'x-authing-userpool-id', userPoolId);

    const ctx: CallerContext = { remoteAddress: req.remoteAddress };
    const bearer = /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    if (bearer) ctx.bearer = bearer;
    const cookie = new RegExp(`(?:^|;\\s*)${AUTHING_CAPTCHA_COOKIE}=([0-9a-f]+)`).exec(
      header(req, 'cookie') ?? '',
    )?.[1];
    if (cookie) ctx.captchaSession = cookie;

    // Both SDKs POST `Content-Type: application/json` (docs/protocols/authing.md §2); a JSON body parser ignores a
    // body of any other type, so the server sees no body at all.
    const body = req.method === 'POST' && mediaType(req) !== 'application/json' ? '' : req.text;
    if (route === 'POST /graphql/v2') return graphql(body, ctx, call, wrongApp);
    if (wrongApp) return ok({ code: 400, message: '应用不存在' });
    try {
      switch (route) {
        case 'GET /api/v2/.well-known':
          return ok({ code: 200, message: '', data: { publicKey: service.keys.publicKeyPem } });
        case 'POST /api/v2/sms/send': {
          const sms = json(body);
          call.summary = `phone=${typeof sms.phone === 'string' ? sms.phone : '?'}`;
          service.sendSms(sms);
          return ok({ code: 200, message: '发送成功' });
        }
        case 'POST /api/v2/mfa/totp/verify':
          return ok({ code: 200, message: '', data: service.mfaVerify('totp', json(body), ctx) });
        case 'POST /api/v2/applications/mfa/sms/verify':
          return ok({ code: 200, message: '', data: service.mfaVerify('sms', json(body), ctx) });
        case 'POST /api/v2/applications/mfa/email/verify':
          return ok({ code: 200, message: '', data: service.mfaVerify('email', json(body), ctx) });
        case 'GET /api/v2/logout':
          service.logout(ctx);
          return ok({ code: 200, message: '退出成功' });
        case 'GET /api/v2/users/me':
          return ok({ code: 200, message: '', data: service.currentUser(ctx) });
        case 'GET /api/v2/security/captcha': {
          const { session, png } = service.newCaptcha();
          return {
            status: 200,
            headers: {
              'content-type': 'image/png',
              'set-cookie': `${AUTHING_CAPTCHA_COOKIE}=${session}; Path=/; HttpOnly`,
              'cache-control': 'no-store',
            },
            body: png,
          };
        }
        default:
          return { status: 404, body: { code: 404, message: 'Not Found' } };
      }
    } catch (err) {
      if (err instanceof AuthingFault) return ok({ code: err.code, message: err.message, data: err.data });
      if (err instanceof SyntaxError) return { status: 400, body: { code: 400, message: 'Bad Request' } };
      throw err;
    }
  }

  function graphql(raw: string, ctx: CallerContext, call: RecordedCall, wrongApp: boolean): SimReply {
    let op: Operation;
    let variables: Record<string, unknown>;
    try {
      const body = json(raw);
      if (typeof body.query !== 'string') throw new SyntaxError('no query');
      op = parseOperation(body.query);
      variables =
        body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    } catch {
      return {
        status: 400,
        body: { errors: [{ message: 'Must provide query string.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] },
      };
    }
    const field = op.root.name;
    call.kind = `POST /graphql/v2 ${field}`;
    const invalid = schemaError(op, variables);
    if (invalid)
      return { status: 400, body: { errors: [{ message: invalid, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
    const input = (variables.input && typeof variables.input === 'object' ? variables.input : {}) as Record<
      string,
      unknown
    >;
    const who = input.email ?? input.username ?? input.phone;
    if (typeof who === 'string') call.summary = `identifier=${who}`;
    try {
      if (wrongApp) throw new AuthingFault(400, '应用不存在');
      let result: Record<string, unknown>;
      switch (field) {
        case 'loginByEmail':
        case 'loginByUsername':
        case 'loginByPhonePassword':
          result = service.passwordLogin(field, input, ctx);
          break;
        case 'loginByPhoneCode':
          result = service.phoneCodeLogin(input);
          break;
        case 'checkLoginStatus':
          result = service.checkLoginStatus(variables, ctx);
          break;
        case 'user':
          result = service.currentUser(ctx);
          break;
        case 'refreshToken':
          result = service.refreshToken(ctx);
          break;
        case 'sendEmail':
          result = service.sendEmail(variables);
          break;
        default:
          return {
            status: 400,
            body: {
              errors: [
                {
                  message: `Cannot query field "${field}" on type "${op.type === 'mutation' ? 'Mutation' : 'Query'}".`,
                  extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
                },
              ],
            },
          };
      }
      return ok({ data: { [op.root.key]: project(result, op.root.selections) } });
    } catch (err) {
      if (!(err instanceof AuthingFault)) throw err;
      // Shape of a real error response (docs/protocols/authing.md §4 "GraphQL error").
      return ok({
        errors: [
          {
            message: { code: err.code, message: err.message, data: err.data },
            locations: [{ line: 2, column: 3 }],
            path: [op.root.key],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
        data: { [op.root.key]: null },
      });
    }
  }

  const server = await startSimHttpServer({
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    host,
    handler: handle,
  });
  url = server.url;

  return {
    name: 'authing',
    host,
    port: server.port,
    url,
    calls,
    outbox,
    appId,
    userPoolId,
    publicKeyPem: service.keys.publicKeyPem,
    get lastCaptcha() {
      return service.lastCaptcha;
    },
    issueToken: (identifier: string, forApp = appId) => service.tokenFor(identifier, forApp),
    setScenario(name: string) {
      scenario = checkScenario(name);
    },
    close: () => server.close(),
  };
}

function checkScenario(name: string): string {
  if (!(AUTHING_SCENARIOS as readonly string[]).includes(name)) {
    throw new Error(`unknown authing scenario "${name}" (known: ${AUTHING_SCENARIOS.join(', ')})`);
  }
  return name;
}

function mediaType(req: SimRequest): string {
  return (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The SDKs drop empty headers, so only a present-and-different value is a mismatch. */
function mismatch(req: SimRequest, name: string, want: string): boolean {
  const v = header(req, name);
  return v !== undefined && v !== want;
}

function json(raw: string): Record<string, unknown> {
  const v = raw ? (JSON.parse(raw) as unknown) : {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SyntaxError('not an object');
  return v as Record<string, unknown>;
}

const ok = (body: unknown): SimReply => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});
const html = (status: number, body: string): SimReply => ({
  status,
  headers: { 'content-type': status === 200 ? 'text/html; charset=utf-8' : 'text/html' },
  body,
});
