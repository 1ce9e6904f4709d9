/**
 * Test harness for the BFF's own tests: a real server on 127.0.0.1:0 (startBff), an in-test
 * connector injected through `options.connectors`, captured log lines, a controllable clock and
 * a tiny cookie-keeping HTTP client over fetch. Not shipped (tsconfig.build excludes *.test-kit.ts).
 */
import { Writable } from 'node:stream';
import {
  UpstreamError,
  type AuthUser,
  type CallContext,
  type Connector,
  type ConnectorState,
  type VerifyOutcome,
} from './connectors/connector.js';
import { startBff, type RunningBff } from './start.js';
import type { BffOptions } from './app.js';

export const SECRET_A = 'secret-A-0123456789-0123456789-0123456789';
export const SECRET_B = 'secret-B-9876543210-9876543210-9876543210';
export const PASSWORD = 'Correct-Horse-1-canary-PW';
export const UPSTREAM_TOKEN = 'UPSTREAM-TOKEN-canary-42';

export type FakeMode = 'ok' | 'hang' | 'unavailable' | 'garbage' | 'throw';

/** An in-memory identity system: alice/PASSWORD, phone codes, OTPs and tokens. */
export class FakeConnector implements Connector {
  readonly type = 'fake-idp';
  mode: FakeMode = 'ok';
  calls: Array<{ method: string; input: unknown; state?: ConnectorState }> = [];
  codes = new Map<string, string>();
  logouts: ConnectorState[] = [];
  closed = 0;
  /** When set, a password sign-in says the upstream credential ends then (VerifySuccess.expiresAt). */
  credentialExpiresAt?: number;

  async #upstream(ctx: CallContext): Promise<void> {
    if (this.mode === 'hang') await new Promise(() => undefined); // ignores the signal on purpose
    if (this.mode === 'unavailable')
      throw new UpstreamError('unavailable', 'connect ECONNREFUSED 10.1.2.3:2208', { notSent: true });
    if (this.mode === 'garbage') throw new UpstreamError('bad_response', '<xml>garbage from host idp.internal</xml>');
    if (this.mode === 'throw') throw new TypeError('a bug inside the connector at idp.internal');
    if (ctx.signal.aborted) throw new UpstreamError('timeout', 'aborted');
  }

  async password(input: { identifier: string; password: string }, ctx: CallContext): Promise<VerifyOutcome> {
    this.calls.push({ method: 'password', input });
    await this.#upstream(ctx);
    if (input.identifier === 'alice' && input.password === PASSWORD) {
      return {
        ok: true,
        user: { id: 'alice', displayName: 'Alice', provider: 'fake-idp', attributes: { groupId: 'g1' } },
        upstream: { accessToken: UPSTREAM_TOKEN },
        ...(this.credentialExpiresAt !== undefined ? { expiresAt: this.credentialExpiresAt } : {}),
      };
    }
    return {
      ok: false,
      reason: 'invalid_credentials',
      detail: input.identifier === 'alice' ? 'wrong password' : 'no such user',
    };
  }

  async sendPhoneCode(input: { phone: string }, ctx: CallContext) {
    this.calls.push({ method: 'sendPhoneCode', input });
    await this.#upstream(ctx);
    this.codes.set(input.phone, '123456');
    return { ok: true as const, state: { factor: `mf-${input.phone}` } };
  }

  async phone(input: { phone: string; code: string }, ctx: CallContext): Promise<VerifyOutcome> {
    this.calls.push({ method: 'phone', input, ...(ctx.state ? { state: ctx.state } : {}) });
    await this.#upstream(ctx);
    const ok = this.codes.get(input.phone) === input.code && ctx.state?.factor === `mf-${input.phone}`;
    if (!ok) return { ok: false, reason: 'invalid_code' };
    this.codes.delete(input.phone);
    return { ok: true, user: { id: input.phone, phone: input.phone, provider: 'fake-idp' } };
  }

  async otp(input: { identifier: string; otp: string }, ctx: CallContext): Promise<VerifyOutcome> {
    this.calls.push({ method: 'otp', input });
    await this.#upstream(ctx);
    return input.identifier === 'alice' && input.otp === '654321'
      ? { ok: true, user: { id: 'alice', provider: 'fake-idp' } }
      : { ok: false, reason: 'invalid_code' };
  }

  async token(input: { token: string }, ctx: CallContext): Promise<VerifyOutcome> {
    this.calls.push({ method: 'token', input });
    await this.#upstream(ctx);
    return input.token === 'good-token'
      ? { ok: true, user: { id: 'bob', provider: 'fake-idp' } }
      : { ok: false, reason: 'invalid_token' };
  }

  logout(upstream: ConnectorState): Promise<void> {
    this.logouts.push(upstream);
    return Promise.resolve();
  }

  async ready(ctx: CallContext): Promise<void> {
    await this.#upstream(ctx);
  }

  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}

export interface TestBff extends RunningBff {
  api: string;
  connector: FakeConnector;
  logs: string[];
  clock: { now: number; advance(ms: number): void };
  client(options?: { ip?: string }): Client;
}

export function baseConfig(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    allowedOrigins: ['https://app.example'],
    session: { secrets: [SECRET_A], idleTimeout: '30m', absoluteTimeout: '12h' },
    methods: {
      password: { connector: 'idp' },
      phone: { connector: 'idp' },
      otp: { connector: 'idp' },
      token: { connector: 'idp' },
    },
    ...patch,
  };
}

export async function startTestBff(
  patch: Record<string, unknown> = {},
  options: BffOptions & { connector?: FakeConnector } = {},
): Promise<TestBff> {
  const connector = options.connector ?? new FakeConnector();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const running = await startBff(baseConfig(patch), {
    port: 0,
    host: '127.0.0.1',
    connectors: { idp: connector },
    logger: destination,
    now: () => clock.now,
    throttleDelayMs: 1,
    ...options,
  });
  const api = `${running.url}${running.bff.config.basePath}`;
  return { ...running, api, connector, logs, clock, client: () => new Client(api) };
}

/**
 * The API's JSON bodies as the tests read them. Each route sends only some of these fields, so a
 * field a test reads may be undefined at run time (the assertion then fails, as it should).
 */
export interface ReplyBody {
  error: { code: string; message: string };
  notices?: Array<{ code: string; days?: number }>;
  authenticated: boolean;
  user: AuthUser;
  method: string;
  expiresAt: string;
  methods: Array<{
    id: string;
    identifiers?: string[];
    codeLength?: number;
    resendAfterSeconds?: number;
    domain?: string;
  }>;
  phone?: { defaultCountry?: string; countries?: string[] };
  resendAfterSeconds: number;
  status: string;
}

/** One captured log line (pino JSON), with the fields the tests read. */
export type LogEntry = Record<string, unknown> & { time: number; msg: string; reqId?: string; audit?: string };

export function parseLog(line: string): LogEntry {
  return JSON.parse(line) as LogEntry;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: ReplyBody;
  text: string;
  setCookies: string[];
}

/** fetch with a one-cookie jar, `X-CSRF: 1` and JSON by default. */
export class Client {
  cookie: string | undefined;
  constructor(readonly api: string) {}

  async request(
    method: string,
    path: string,
    options: { json?: unknown; body?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (options.csrf !== false) headers['X-CSRF'] = '1';
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = this.cookie;
    Object.assign(headers, options.headers);
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
    const res = await fetch(`${this.api}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      this.cookie = /Max-Age=0/i.test(c) ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as ReplyBody, text, setCookies };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, headers ? { headers } : {});
  post = (path: string, json?: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, { ...(json !== undefined ? { json } : {}), ...(headers ? { headers } : {}) });

  signIn(password = PASSWORD, identifier = 'alice'): Promise<Reply> {
    return this.post('/password', { identifier, password });
  }
}
