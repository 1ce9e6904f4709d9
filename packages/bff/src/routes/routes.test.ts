/**
 * The API of docs/architecture.md over real HTTP, with an in-test connector (app.test-kit.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeConnector, PASSWORD, startTestBff, UPSTREAM_TOKEN, type TestBff } from '../app.test-kit.js';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

describe('GET /config and /session', () => {
  it('/config lists the enabled methods in order, with resendAfterSeconds for code methods', async () => {
    bff = await startTestBff({ methods: { token: { connector: 'idp' }, phone: { connector: 'idp' } } });
    expect((await bff.client().get('/config')).body).toEqual({
      methods: [{ id: 'phone', resendAfterSeconds: 30 }, { id: 'token' }],
    });
  });

  it('/session: anonymous, then the user (no tokens), method and expiresAt', async () => {
    bff = await startTestBff();
    const client = bff.client();
    expect((await client.get('/session')).body).toEqual({ authenticated: false });
    const signedIn = await client.signIn();
    expect(signedIn.body).toEqual({
      user: { id: 'alice', displayName: 'Alice', provider: 'fake-idp', attributes: { groupId: 'g1' } },
    });
    const res = await client.get('/session');
    expect(res.body).toMatchObject({
      authenticated: true,
      method: 'password',
      user: { id: 'alice', provider: 'fake-idp' },
    });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    expect(res.text).not.toContain(UPSTREAM_TOKEN);
  });

  it('a method not configured is 404 method_disabled; a code send on a connector without one is 404', async () => {
    bff = await startTestBff({ methods: { password: { connector: 'idp' } } });
    for (const [path, json] of [
      ['/token', { token: 'x' }],
      ['/phone/code', { phone: '1' }],
      ['/otp', { identifier: 'a', otp: '1' }],
    ] as const) {
      const res = await bff.client().post(path, json);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('method_disabled');
    }
    await bff.close();
    const connector = new FakeConnector();
    (connector as { sendOtpCode?: unknown }).sendOtpCode = undefined;
    bff = await startTestBff({}, { connector });
    expect((await bff.client().post('/otp/code', { identifier: 'alice' })).status).toBe(404);
    expect((await bff.client().get('/config')).body.methods).toContainEqual({ id: 'otp' });
  });

  it('unknown paths under basePath are 404 not_found; other paths pass to the host app', async () => {
    bff = await startTestBff();
    expect((await bff.client().get('/nope')).body.error.code).toBe('not_found');
  });
});

describe('sign-in flows', () => {
  it('password: wrong → 401 invalid_credentials, no cookie', async () => {
    bff = await startTestBff();
    const res = await bff.client().signIn('wrong');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 'invalid_credentials', message: 'The identifier or password is incorrect.' },
    });
    expect(res.setCookies).toEqual([]);
  });

  it('phone: code send keeps the connector state server-side, bound to the phone (B-03)', async () => {
    bff = await startTestBff();
    const client = bff.client();
    expect((await client.post('/phone/code', { phone: '+15550001' })).status).toBe(202);
    // The code for +15550001 used with another phone in the same session: state not handed over.
    expect((await client.post('/phone', { phone: '+15550002', code: '123456' })).status).toBe(401);
    expect(bff.connector.calls.at(-1)?.state).toBeUndefined();
    // Another browser (no pre-auth session) cannot use it either.
    expect((await bff.client().post('/phone', { phone: '+15550001', code: '123456' })).body.error.code).toBe(
      'invalid_code',
    );
    const ok = await client.post('/phone', { phone: '+15550001', code: '123456' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toEqual({ id: '+15550001', phone: '+15550001', provider: 'fake-idp' });
    expect(bff.connector.calls.at(-1)?.state).toEqual({ factor: 'mf-+15550001' });
    // Used once: a replay is refused (the fake, like OpenIAM, burns the code).
    expect((await client.post('/phone', { phone: '+15550001', code: '123456' })).status).toBe(401);
  });

  it('otp and token', async () => {
    bff = await startTestBff();
    expect((await bff.client().post('/otp', { identifier: 'alice', otp: '000000' })).body.error.code).toBe(
      'invalid_code',
    );
    expect(
      (await bff.client().post('/otp', { identifier: 'alice', otp: '654321', domain: 'example.com' })).status,
    ).toBe(200);
    expect((await bff.client().post('/token', { token: 'bad' })).body.error.code).toBe('invalid_token');
    expect((await bff.client().post('/token', { token: 'good-token' })).body.user.id).toBe('bob');
  });

  it('the user is normalised: provider forced to the connector type, secrets and extras dropped', async () => {
    const connector = new FakeConnector();
    connector.password = () =>
      Promise.resolve({
        ok: true,
        user: {
          id: 'eve',
          provider: 'spoofed',
          attributes: { ok: 'yes', nested: { x: 1 } as never },
          password: 'leak',
        } as never,
      });
    bff = await startTestBff({}, { connector });
    expect((await bff.client().signIn()).body.user).toEqual({
      id: 'eve',
      provider: 'fake-idp',
      attributes: { ok: 'yes' },
    });
  });

  it('captcha: a captcha_required outcome makes GET /captcha serve the image for that session only', async () => {
    const connector = new FakeConnector();
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    connector.password = (_input, ctx) =>
      Promise.resolve(
        ctx.state?.captchaId
          ? { ok: false, reason: 'invalid_credentials' }
          : {
              ok: false,
              reason: 'captcha_required',
              captcha: { contentType: 'image/png', body: png },
              state: { captchaId: 'c1' },
            },
      );
    bff = await startTestBff({}, { connector });
    const client = bff.client();
    expect((await client.get('/captcha')).status).toBe(404);
    const res = await client.signIn();
    expect(res.body.error.code).toBe('captcha_required');
    const image = await fetch(`${bff.api}/captcha`, { headers: { Cookie: client.cookie! } });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(png);
    expect((await bff.client().get('/captcha')).status).toBe(404);
    expect((await client.signIn()).body.error.code).toBe('invalid_credentials'); // state came back
  });
});

describe('upstream faults → 502/503/504, generic, fail closed', () => {
  it.each([
    ['unavailable', 503, 'upstream_unavailable'],
    ['garbage', 502, 'upstream_error'],
    ['throw', 502, 'upstream_error'],
  ] as const)('%s → %d %s, nothing internal, no session', async (mode, status, code) => {
    bff = await startTestBff();
    bff.connector.mode = mode;
    const res = await bff.client().signIn();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.text).not.toMatch(/idp\.internal|10\.1\.2\.3|xml|stack|TypeError/i);
    expect(res.setCookies).toEqual([]);
  });

  it('a connector that ignores its signal still gets 504 within its timeout', async () => {
    const connector = new FakeConnector();
    connector.mode = 'hang';
    bff = await startTestBff({}, { connector, connectors: { idp: { connector, timeoutMs: 300 } } });
    const started = performance.now();
    const res = await bff.client().signIn();
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('upstream_timeout');
    expect(performance.now() - started).toBeLessThan(1_500); // 300 ms timeout + slack for a busy machine
  });
});

describe('health', () => {
  it("/healthz is 200 {status: ok}; /readyz follows the methods' connectors", async () => {
    bff = await startTestBff();
    const healthz = await fetch(`${bff.url}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: 'ok' });
    expect(healthz.headers.get('cache-control')).toBe('no-store');
    const up = await fetch(`${bff.url}/readyz`);
    expect(up.status).toBe(200);
    const methods = { password: 'up', phone: 'up', otp: 'up', token: 'up' };
    expect(await up.json()).toEqual({ status: 'ready', store: 'up', methods, connectors: { idp: 'up' } });
    bff.connector.mode = 'unavailable';
    // Each connector's probe is reused for a few seconds (an unauthenticated hammer is not a probe each).
    expect((await fetch(`${bff.url}/readyz`)).status).toBe(200);
    bff.clock.advance(5_000);
    const readyz = await fetch(`${bff.url}/readyz`);
    expect(readyz.status).toBe(503);
    // Every method is down (their one connector is): not ready, and the body says what, by name only.
    const down = Object.fromEntries(Object.keys(methods).map((id) => [id, 'down']));
    expect(await readyz.json()).toEqual({
      status: 'not_ready',
      store: 'up',
      methods: down,
      connectors: { idp: 'down' },
    });
  });

  it('needs no X-CSRF and sets no cookie', async () => {
    bff = await startTestBff();
    const res = await fetch(`${bff.url}/healthz`, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('close()', () => {
  it('closes every connector once, however often it is called', async () => {
    bff = await startTestBff();
    await bff.bff.close();
    await bff.bff.close();
    expect(bff.connector.closed).toBe(1);
    expect(PASSWORD).toBeTruthy();
  });
});
