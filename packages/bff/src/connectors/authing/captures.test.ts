/**
 * What the connector puts on the wire, diffed against what the official `authing-js-sdk@4.23.55`
 * sent in the recorded captures (authing-captures.json, copied into the simulators package):
 * header names and values, GraphQL operation signatures and root-field calls, variable key ORDER
 * and values, REST bodies and paths. A loopback recorder answers with the captures' own responses.
 *
 * Deliberate differences (docs/protocols/authing.md §8 client pitfall 5, Python-SDK behaviour): no
 * `Authorization` on logins or on checkLoginStatus (the token is its argument), no `user-agent`
 * pretending to be axios, and a selection set trimmed to what the connector reads.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authingConfigSchema, createAuthingConnector } from './index.js';

interface Capture {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: ({ query?: string; variables?: Record<string, unknown> } & Record<string, unknown>) | null;
  simulatedResponse: { status: number; body: unknown };
}
const captures = (
  JSON.parse(
    readFileSync(new URL('../../../../simulators/src/authing/fixtures/authing-captures.json', import.meta.url), 'utf8'),
  ) as { captures: Capture[] }
).captures;
const cap = (label: string, method = 'POST'): Capture => {
  const c = captures.find((x) => x.label === label && x.method === method);
  if (!c) throw new Error(`no capture ${label}`);
  return c;
};

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
/** The captures whose responses the recorder plays, in order, per `METHOD path`. */
const script = new Map<string, Capture[]>();
let server: http.Server;
let url = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const c = script.get(`${req.method} ${req.url!.split('?')[0]}`)?.shift();
      res.writeHead(c?.simulatedResponse.status ?? 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(c?.simulatedResponse.body ?? { code: 404, message: 'no script' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const connector = () =>
  createAuthingConnector(
    authingConfigSchema.parse({ type: 'authing', appHost: url, appId: 'APPID123', userPoolId: 'POOL123' }),
    {
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    },
  );
const ctx = (state?: Record<string, unknown>) => ({ signal: AbortSignal.timeout(5_000), ...(state ? { state } : {}) });

/** Headers the SDK sends that a server can act on (transport and axios identity dropped). */
const IGNORED = new Set(['host', 'connection', 'content-length', 'user-agent', 'authorization']);
function meaningfulHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h)
      .filter(([k]) => !IGNORED.has(k))
      .map(([k, v]): [string, string] => [k, String(v)])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** `mutation loginByEmail($input: LoginByEmailInput!) {\n  loginByEmail(input: $input) {` — signature + root call. */
function head(query: string): string {
  const m = /^\s*((?:query|mutation)\s+\w+\s*\([^)]*\))\s*\{\s*(\w+\s*\([^)]*\))/.exec(query);
  if (!m) throw new Error('no operation head');
  return `${m[1]} { ${m[2]}`;
}

/** Same JSON with the RSA-encrypted password masked (random padding makes it differ per run). */
const masked = (v: unknown) =>
  JSON.stringify(v, (k, x: unknown) => (k === 'password' && typeof x === 'string' ? 'ENC' : x));

function expectLike(got: Seen, c: Capture): void {
  expect(`${got.method} ${got.path}`).toBe(`${c.method} ${c.path}`);
  expect(meaningfulHeaders(got.headers)).toEqual(meaningfulHeaders(c.headers));
  if (c.body === null) return expect(got.body).toBe('');
  const body = JSON.parse(got.body) as { query?: string; variables?: unknown };
  if (c.body.query === undefined) return expect(masked(body)).toBe(masked(c.body));
  expect(Object.keys(body)).toEqual(['query', 'variables']);
  expect(head(body.query!)).toBe(head(c.body.query));
  expect(masked(body.variables)).toBe(masked(c.body.variables));
}

function play(...labels: [label: string, method?: string][]): void {
  script.clear();
  for (const [label, method] of labels) {
    const c = cap(label, method);
    const route = `${c.method} ${c.path.split('?')[0]}`;
    script.set(route, [...(script.get(route) ?? []), c]);
  }
  seen.length = 0;
}

describe('the connector sends what the official SDK sends (authing-captures.json)', () => {
  it('loginByEmail: .well-known, then the captured headers, document head and variables in SDK key order', async () => {
    play(['loginByEmail (fresh client)', 'GET'], ['loginByEmail (fresh client)']);
    const c = connector();
    const o = await c.password!({ identifier: 'alice@example.com', password: 'P@ssw0rd!' }, ctx());
    expect(o.ok).toBe(true);
    expect(seen).toHaveLength(2);
    expectLike(seen[0]!, cap('loginByEmail (fresh client)', 'GET'));
    expectLike(seen[1]!, cap('loginByEmail (fresh client)'));
    await c.close();
  });

  it('loginByUsername and loginByPhonePassword', async () => {
    play(['loginByUsername (fresh client)', 'GET'], ['loginByUsername (fresh client)']);
    const c = connector();
    expect((await c.password!({ identifier: 'alice', password: 'P@ssw0rd!' }, ctx())).ok).toBe(true);
    expectLike(seen[1]!, cap('loginByUsername (fresh client)'));
    play(['loginByPhonePassword (fresh client)']);
    expect((await c.password!({ identifier: '13800000000', password: 'P@ssw0rd!' }, ctx())).ok).toBe(true);
    expectLike(seen[0]!, cap('loginByPhonePassword (fresh client)'));
    await c.close();
  });

  it('loginByEmail with a captcha answer: captchaCode after autoRegister, as the SDK orders it', async () => {
    play(['loginByEmail with captchaCode (fresh client)', 'GET'], ['loginByEmail with captchaCode (fresh client)']);
    const c = connector();
    expect(
      (
        await c.password!(
          { identifier: 'alice@example.com', password: 'P@ssw0rd!', captcha: 'ab12' },
          ctx({ captchaCookie: 'x=1' }),
        )
      ).ok,
    ).toBe(true);
    const { cookie, ...headers } = seen[1]!.headers;
    expect(cookie).toBe('x=1'); // the upstream captcha cookie only (docs/protocols/authing.md §7)
    expectLike({ ...seen[1]!, headers }, cap('loginByEmail with captchaCode (fresh client)'));
    await c.close();
  });

  it('sendSmsCode + loginByPhoneCode', async () => {
    play(['sendSmsCode'], ['loginByPhoneCode (fresh client)']);
    const c = connector();
    expect(await c.sendPhoneCode!({ phone: '13800000000' }, ctx())).toMatchObject({ ok: true });
    expectLike(seen[0]!, cap('sendSmsCode'));
    expect((await c.phone!({ phone: '13800000000', code: '1234' }, ctx())).ok).toBe(true);
    expectLike(seen[1]!, cap('loginByPhoneCode (fresh client)'));
    await c.close();
  });

  it('token: checkLoginStatus with the token as its argument, then `user` with the Bearer token', async () => {
    play(['checkLoginStatus(token)'], ['getCurrentUser']);
    const token = cap('checkLoginStatus(token)').body!.variables!.token as string;
    const c = connector();
    expect((await c.token!({ token }, ctx())).ok).toBe(true);
    expectLike(seen[0]!, cap('checkLoginStatus(token)'));
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expectLike(seen[1]!, cap('getCurrentUser'));
    expect(seen[1]!.headers.authorization).toBe(cap('getCurrentUser').headers.authorization);
    await c.close();
  });

  it('logout: GET /api/v2/logout?app_id=<appId> with the Bearer token', async () => {
    play(['logout', 'GET']);
    const token = cap('logout', 'GET').headers.authorization!.replace(/^Bearer /, '');
    const c = connector();
    await c.logout!({ idToken: token }, ctx());
    expectLike(seen[0]!, cap('logout', 'GET'));
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${token}`);
    await c.close();
  });
});
