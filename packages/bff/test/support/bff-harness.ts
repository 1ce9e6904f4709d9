/**
 * Starts real BFF instances for the scale-out, fault and fuzz suites: a Koa app with
 * `createBff(config, options)` mounted, listening on a free loopback port; plus a tiny cookie-aware
 * JSON client (fetch) that speaks the API the way the widget does (X-CSRF: 1, JSON bodies).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Koa from 'koa';
import { Agent, fetch as undiciFetch } from 'undici';
import { createBff, type BffMiddleware, type BffOptions } from '../../src/app.js';
import type { Connector, VerifyOutcome } from '../../src/connectors/connector.js';

export const SECRET = 'test-session-secret-0123456789-abcdef';

export interface RunningBff {
  url: string;
  port: number;
  bff: BffMiddleware;
  /** Captured log lines (JSON), when started with `captureLogs`. */
  logs: string[];
  server: import('node:http').Server;
  close(): Promise<void>;
}

/** A config with plain-HTTP cookies (tests talk http://127.0.0.1). */
export function baseConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { session, ...rest } = extra as { session?: Record<string, unknown> };
  return {
    allowedOrigins: ['http://localhost:5173'],
    session: { secrets: [SECRET], cookie: { secure: false }, ...session },
    ...rest,
  };
}

export async function startBff(config: unknown, options: BffOptions = {}): Promise<RunningBff> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const bff = createBff(config, { logger: sink, ...options });
  const app = new Koa();
  app.silent = true; // the fuzz sends bytes Node's parser rejects; those are expected, not news
  app.use(bff);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    bff,
    logs,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bff.close();
    },
  };
}

/** An in-process connector: alice / right-password is valid; anything else is a wrong password. */
export function fakePasswordConnector(
  calls: { count: number } = { count: 0 },
): Connector & { calls: { count: number } } {
  return {
    type: 'fake',
    calls,
    password({ identifier, password }): Promise<VerifyOutcome> {
      calls.count += 1;
      if (identifier === 'alice' && password === 'right-password') {
        return Promise.resolve({
          ok: true,
          user: { id: 'alice', displayName: 'Alice', provider: 'fake' },
          upstream: { token: 'upstream-secret-token' },
        });
      }
      return Promise.resolve({ ok: false, reason: 'invalid_credentials' });
    },
    async ready() {},
    async close() {},
  };
}

export interface JsonReply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: { get(name: string): string | null };
  ms: number;
}

/** A cookie jar per "browser": keeps the session cookie the BFF sets. */
export class Browser {
  cookie = '';
  private readonly agent: Agent | undefined;

  /** `localAddress`: another loopback source address (127.0.0.2...), i.e. another client IP. */
  constructor(options: { localAddress?: string } = {}) {
    this.agent = options.localAddress ? new Agent({ connect: { localAddress: options.localAddress } }) : undefined;
  }

  async request<T = Record<string, unknown>>(
    url: string,
    method: 'GET' | 'POST',
    body?: unknown,
    timeoutMs = 10_000,
  ): Promise<JsonReply<T>> {
    const headers: Record<string, string> = { 'X-CSRF': '1' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = this.cookie;
    const started = performance.now();
    const init = {
      method,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    const res = this.agent ? await undiciFetch(url, { ...init, dispatcher: this.agent }) : await fetch(url, init);
    for (const set of res.headers.getSetCookie()) {
      const pair = set.split(';')[0]!;
      this.cookie = /=$/.test(pair) || /max-age=0|expires=thu, 01 jan 1970/i.test(set) ? '' : pair;
    }
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : {}) as T,
      headers: res.headers,
      ms: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    await this.agent?.close();
  }

  get<T = Record<string, unknown>>(url: string): Promise<JsonReply<T>> {
    return this.request<T>(url, 'GET');
  }

  post<T = Record<string, unknown>>(url: string, body?: unknown): Promise<JsonReply<T>> {
    return this.request<T>(url, 'POST', body);
  }
}
