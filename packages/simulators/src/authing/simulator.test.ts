/**
 * The simulator on the wire: requests replayed from the SDK captures (fixtures/authing-captures.json,
 * a copy of the SDK captures of docs/protocols/authing.md §2), error envelopes, captcha, code expiry and
 * every scenario. The official-SDK proof is in simulator.sdk.test.ts.
 */
import { constants, publicEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseOperation } from './graphql.js';
import { formatBanner, startSimulators } from '../registry.js';
import { startAuthingSimulator, AUTHING_CAPTCHA_COOKIE } from './simulator.js';
import type { RunningAuthingSimulator } from './simulator.js';

interface Capture {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: { query?: string; variables?: unknown } | null;
}
const captures = (
  JSON.parse(readFileSync(new URL('./fixtures/authing-captures.json', import.meta.url), 'utf8')) as {
    captures: Capture[];
  }
).captures;
const capture = (label: string, method = 'POST') => captures.find((c) => c.label === label && c.method === method)!;

/** The parts of the simulator's JSON answers these tests read: the GraphQL `{data, errors}` and REST `{code, message}` envelopes. */
interface Wire {
  code?: number;
  message?: string;
  data?: Record<string, Record<string, unknown> | null>;
  errors?: { message: unknown }[];
}
const wire = async (res: Response) => (await res.json()) as Wire;
/** The first GraphQL error's message: a string, or Authing's `{code, message, data}` business error. */
const firstError = (body: Wire): unknown => body.errors?.[0]?.message;
const firstErrorCode = (body: Wire) => (firstError(body) as { code?: number } | undefined)?.code;

let sim: RunningAuthingSimulator;
beforeAll(async () => {
  sim = await startAuthingSimulator({ appId: 'APPID123', userPoolId: 'POOL123', captchaAfterFailures: 2, slowMs: 300 });
});
afterAll(() => sim.close());
beforeEach(() => sim.setScenario('ok'));

const enc = (pw: string) =>
  publicEncrypt({ key: sim.publicKeyPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(pw)).toString('base64');

/** Replays a captured request (its headers minus host/length) with new variables. */
async function replay(label: string, variables?: unknown, extra: Record<string, string> = {}) {
  const c = capture(label);
  const headers = Object.fromEntries(
    Object.entries(c.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
  );
  const res = await fetch(sim.url + c.path, {
    method: c.method,
    headers: { ...headers, ...extra },
    ...(c.method === 'POST'
      ? { body: JSON.stringify(variables === undefined ? c.body : { ...c.body, variables }) }
      : {}),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await wire(res) };
}

const emailLogin = (email: string, password: string, extra?: Record<string, string>, captchaCode?: string) =>
  replay(
    'loginByEmail (fresh client)',
    {
      input: {
        email,
        password,
        autoRegister: false,
        params: null,
        context: null,
        ...(captchaCode ? { captchaCode } : {}),
      },
    },
    extra,
  );

describe('authing simulator wire format', () => {
  it('parses every captured GraphQL document (no operationName, leading newlines, duplicate fields)', () => {
    const docs = captures.filter((c) => c.body?.query);
    expect(docs.length).toBeGreaterThan(15);
    for (const c of docs) {
      const op = parseOperation(c.body!.query!);
      expect(c.body!.query).toContain(`${op.type} ${op.root.name}(`);
    }
  });

  it('answers a captured loginByEmail with exactly the requested fields, password decrypted', async () => {
    const { status, body } = await emailLogin('ada@example.com', enc('authing-password1'));
    expect(status).toBe(200);
    const user = body.data?.loginByEmail ?? {};
    const selection = parseOperation(capture('loginByEmail (fresh client)').body!.query!).root.selections!.map(
      (f) => f.key,
    );
    expect(Object.keys(user).sort()).toEqual([...new Set(selection)].sort());
    expect(user).toMatchObject({
      id: '5f9d0a1b2c3d4e5f6a7b8c01',
      userPoolId: 'POOL123',
      status: 'Activated',
      customData: [],
    });
    expect(user.tokenExpiredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('business errors are HTTP 200 with errors[].message = {code, message, data}', async () => {
    const { status, body } = await emailLogin('ada@example.com', enc('wrong'));
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [
        {
          message: { code: 2333, message: '账号或密码错误', data: { remainCount: 4 } },
          locations: [{ line: 2, column: 3 }],
          path: ['loginByEmail'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
      data: { loginByEmail: null },
    });
  });

  it('a password that is not RSA-encrypted is refused with 2016', async () => {
    const { body } = await emailLogin('grace@example.com', 'authing-password2');
    expect(firstErrorCode(body)).toBe(2016);
  });

  it('serves the key at /.well-known in the REST envelope', async () => {
    const res = await fetch(`${sim.url}/api/v2/.well-known`);
    expect(await res.json()).toEqual({ code: 200, message: '', data: { publicKey: sim.publicKeyPem } });
    expect(sim.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('replayed sms/send answers {code:200,message:"发送成功"} (no data) and fills the outbox', async () => {
    const { body } = await replay('sendSmsCode+countryCode+scene', undefined);
    expect(body).toEqual({ code: 200, message: '发送成功' });
    expect(sim.outbox.at(-1)).toMatchObject({ channel: 'sms', to: '+8613800000000' });
  });

  it('asks for a captcha after N failures; the image sets a session cookie; the answer works once', async () => {
    await emailLogin('grace@example.com', enc('x1'));
    await emailLogin('grace@example.com', enc('x2'));
    expect(firstErrorCode((await emailLogin('grace@example.com', enc('authing-password2'))).body)).toBe(2000);

    const img = await fetch(`${sim.url}/api/v2/security/captcha?r=${Date.now()}`);
    expect(img.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await img.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const cookie = img.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie.startsWith(`${AUTHING_CAPTCHA_COOKIE}=`)).toBe(true);
    const answer = sim.lastCaptcha!;

    // Right answer without the cookie: still 2000 (the captcha is bound to the image's session).
    expect(firstErrorCode((await emailLogin('grace@example.com', enc('authing-password2'), {}, answer)).body)).toBe(
      2000,
    );
    const ok = await emailLogin('grace@example.com', enc('authing-password2'), { cookie }, answer);
    expect(ok.body.data?.loginByEmail?.id).toBe('5f9d0a1b2c3d4e5f6a7b8c02');
  });

  it('an SMS code expires (the generic 500 + 验证码已过期, as real servers answer)', async () => {
    const short = await startAuthingSimulator({ codeTtlMs: 50 });
    try {
      await fetch(`${short.url}/api/v2/sms/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '13700137000' }),
      });
      await new Promise((r) => setTimeout(r, 80));
      const query = capture('loginByPhoneCode (fresh client)').body!.query;
      const res = await fetch(`${short.url}/graphql/v2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { input: { phone: '13700137000', code: short.outbox[0]!.code } } }),
      });
      expect(firstError(await wire(res))).toMatchObject({ code: 500, message: '验证码已过期' });
    } finally {
      await short.close();
    }
  });

  it('scenario slow delays the answer; close() does not wait for it', async () => {
    sim.setScenario('slow');
    const t0 = Date.now();
    await fetch(`${sim.url}/api/v2/.well-known`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);

    const hung = await startAuthingSimulator({ scenario: 'slow', slowMs: 60_000 });
    const pending = fetch(`${hung.url}/api/v2/.well-known`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const c0 = Date.now();
    await hung.close();
    expect(Date.now() - c0).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('scenarios 5xx, non-json and wrong-app-id', async () => {
    sim.setScenario('5xx');
    let res = await fetch(`${sim.url}/api/v2/.well-known`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    sim.setScenario('non-json');
    res = await fetch(`${sim.url}/graphql/v2`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
    sim.setScenario('wrong-app-id');
    expect(firstErrorCode((await emailLogin('ada@example.com', enc('authing-password1'))).body)).toBe(400);
    expect(await (await fetch(`${sim.url}/api/v2/.well-known`)).json()).toMatchObject({ code: 400 });
    expect(() => sim.setScenario('nope')).toThrow(/unknown authing scenario/);
  });

  it('a request naming another app is refused even in scenario ok', async () => {
    const r = await emailLogin('ada@example.com', enc('authing-password1'), { 'x-authing-app-id': 'SOMEONE-ELSE' });
    expect(firstErrorCode(r.body)).toBe(400);
  });

  it('an unknown root field is a GraphQL validation error (HTTP 400)', async () => {
    const res = await fetch(`${sim.url}/graphql/v2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ nothing { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(firstError(await wire(res))).toMatch(/Cannot query field "nothing"/);
  });

  it('enforces the schema like a GraphQL server: unknown/missing/mistyped input fields, variable types, operation type', async () => {
    const good = {
      email: 'ada@example.com',
      password: enc('authing-password1'),
      autoRegister: false,
      params: null,
      context: null,
    };
    const refused = async (variables: unknown, query?: string) => {
      const c = capture('loginByEmail (fresh client)');
      const res = await fetch(`${sim.url}/graphql/v2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-authing-app-id': 'APPID123' },
        body: JSON.stringify({ query: query ?? c.body!.query, variables }),
      });
      const body = await wire(res);
      expect(res.status).toBe(400);
      expect(body.data).toBeUndefined();
      return String(firstError(body));
    };
    expect(await refused({ input: { ...good, phoneCountryCode: '+86' } })).toMatch(
      /Field "phoneCountryCode" is not defined by type "LoginByEmailInput"/,
    );
    expect(await refused({ input: { ...good, email: undefined } })).toMatch(/Field "email" of required type/);
    expect(await refused({ input: { ...good, autoRegister: 'false' } })).toMatch(/Boolean cannot represent/);
    expect(await refused({})).toMatch(/"\$input" of required type "LoginByEmailInput!"/);
    const query = capture('loginByEmail (fresh client)').body!.query!;
    expect(await refused({ input: good }, query.replace('LoginByEmailInput!', 'LoginByUsernameInput!'))).toMatch(
      /used in position expecting type "LoginByEmailInput!"/,
    );
    expect(await refused({ input: good }, query.replace('mutation loginByEmail', 'query loginByEmail'))).toMatch(
      /Cannot query field "loginByEmail" on type "Query"/,
    );
    // loginByPhonePassword takes no phoneCountryCode (SDK types/graphql.v2.ts).
    const phone = capture('loginByPhonePassword (fresh client)').body!;
    expect(
      await refused(
        {
          input: {
            phone: '13800138000',
            phoneCountryCode: '+86',
            password: enc('x'),
            autoRegister: false,
            params: null,
            context: null,
          },
        },
        phone.query,
      ),
    ).toMatch(/Field "phoneCountryCode" is not defined by type "LoginByPhonePasswordInput"/);
    // The captured variables themselves pass.
    expect((await emailLogin('ada@example.com', enc('authing-password1'))).status).toBe(200);
  });

  it('reads POST bodies only when they are application/json (as a JSON body parser does)', async () => {
    const c = capture('loginByEmail (fresh client)');
    const body = JSON.stringify({
      query: c.body!.query,
      variables: {
        input: {
          email: 'ada@example.com',
          password: enc('authing-password1'),
          autoRegister: false,
          params: null,
          context: null,
        },
      },
    });
    const plain = await fetch(`${sim.url}/graphql/v2`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(plain.status).toBe(400);
    expect(firstError(await wire(plain))).toBe('Must provide query string.');
    const sms = await fetch(`${sim.url}/api/v2/sms/send`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ phone: '13800138000' }),
    });
    expect((await wire(sms)).code).not.toBe(200);
  });

  it('projects only own fields: a selection named __proto__ or constructor is null, not Object internals', async () => {
    const q =
      'mutation loginByEmail($input: LoginByEmailInput!) { loginByEmail(input: $input) { id __proto__ { x } constructor } }';
    const res = await fetch(`${sim.url}/graphql/v2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: q,
        variables: { input: { email: 'ada@example.com', password: enc('authing-password1') } },
      }),
    });
    const text = await res.text();
    expect(text).toContain('"__proto__":null');
    expect(text).toContain('"constructor":null');
  });

  it('records calls with a redacted summary (identifier, never the password)', () => {
    const logins = sim.calls.filter((c) => c.kind === 'POST /graphql/v2 loginByEmail');
    expect(logins.length).toBeGreaterThan(0);
    for (const c of sim.calls) expect(JSON.stringify(c)).not.toContain('authing-password');
  });

  it('is in the registry: the CLI/demo starts it and the banner lists its app id and demo accounts', async () => {
    const started = await startSimulators({ only: ['authing'] });
    try {
      const banner = formatBanner(started);
      expect(banner).toContain('appId authing-sim-app  userPoolId authing-sim-pool');
      expect(banner).toContain('ada@example.com / authing-password1');
      const res = await fetch(`${started.simulators[0]!.sim.url}/api/v2/.well-known`);
      expect((await wire(res)).code).toBe(200);
    } finally {
      await started.close();
    }
  });
});
