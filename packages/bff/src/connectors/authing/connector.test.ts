/**
 * Each mapping of the Authing connector, against the Authing simulator over real sockets
 * (the simulator itself is proven against the official SDK in packages/simulators).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAuthingSimulator, type RunningAuthingSimulator } from '@auth-login/simulators';
import { UpstreamError, type Connector, type VerifyOutcome } from '../connector.js';
import { withCallPolicy } from '../shared/call-policy.js';
import { authingConfigSchema, createAuthingConnector } from './index.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const ADA = '5f9d0a1b2c3d4e5f6a7b8c01';
const ctx = (state?: Record<string, unknown>) => ({ signal: AbortSignal.timeout(5_000), ...(state ? { state } : {}) });

let sim: RunningAuthingSimulator;
let connector: Connector;
const extra: Connector[] = [];

function connect(overrides: Record<string, unknown> = {}): Connector {
  const c = createAuthingConnector(
    authingConfigSchema.parse({
      type: 'authing',
      appHost: sim.url,
      appId: 'APP1',
      userPoolId: 'POOL1',
      timeout: '2s',
      ...overrides,
    }),
    { logger },
  );
  extra.push(c);
  return c;
}
const kinds = (from: number) => sim.calls.slice(from).map((c) => c.kind);
const failure = (o: VerifyOutcome) => {
  expect(o.ok).toBe(false);
  return o as Extract<VerifyOutcome, { ok: false }>;
};
async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

beforeAll(async () => {
  sim = await startAuthingSimulator({ appId: 'APP1', userPoolId: 'POOL1', slowMs: 5_000 });
  connector = connect();
});
afterEach(() => sim.setScenario('ok'));
afterAll(async () => {
  for (const c of extra) await c.close();
  await sim.close();
});

describe('authingConfigSchema', () => {
  it('applies defaults and is strict', () => {
    const c = authingConfigSchema.parse({ type: 'authing', appHost: 'https://x.authing.cn', appId: 'a' });
    expect(c).toMatchObject({ timeout: 5_000, lang: 'zh-CN', rejectUnauthorized: true });
    expect(() => authingConfigSchema.parse({ appHost: 'https://x.authing.cn', appId: 'a', secret: 'x' })).toThrow();
    expect(() => authingConfigSchema.parse({ appHost: 'ftp://x', appId: 'a' })).toThrow();
    expect(() => authingConfigSchema.parse({ appHost: 'https://x.authing.cn' })).toThrow();
  });
});

describe('password', () => {
  it('email → loginByEmail with the key fetched once; the user is normalised, the id_token only in upstream', async () => {
    const c = connect();
    const from = sim.calls.length;
    const o = await c.password!({ identifier: 'ada@example.com', password: 'authing-password1' }, ctx());
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.user).toEqual({
      id: ADA,
      provider: 'authing',
      displayName: 'Ada',
      username: 'ada',
      email: 'ada@example.com',
      phone: '+8613800138000',
      attributes: { userPoolId: 'POOL1' },
    });
    expect(o.upstream?.idToken).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.stringify(o.user)).not.toContain(String(o.upstream?.idToken));
    // The BFF session must not outlive the id_token (docs/security.md C-07): its expiry comes along.
    const { exp } = JSON.parse(Buffer.from(String(o.upstream?.idToken).split('.')[1]!, 'base64url').toString()) as {
      exp: number;
    };
    expect(o.expiresAt).toBe(exp * 1000);
    await c.password!({ identifier: 'ada@example.com', password: 'authing-password1' }, ctx());
    expect(kinds(from)).toEqual([
      'GET /api/v2/.well-known',
      'POST /graphql/v2 loginByEmail',
      'POST /graphql/v2 loginByEmail',
    ]);
  });

  it('digits (optional +) → loginByPhonePassword; anything else → loginByUsername', async () => {
    const from = sim.calls.length;
    for (const identifier of ['+8613800138000', '13800138000']) {
      const o = await connector.password!({ identifier, password: 'authing-password1' }, ctx());
      expect(o.ok && o.user.id).toBe(ADA);
    }
    const g = await connector.password!({ identifier: 'grace', password: 'authing-password2' }, ctx());
    expect(g.ok && g.user).toMatchObject({ id: '5f9d0a1b2c3d4e5f6a7b8c02', displayName: 'Grace Hopper' });
    expect(kinds(from).filter((k) => k.startsWith('POST'))).toEqual([
      'POST /graphql/v2 loginByPhonePassword',
      'POST /graphql/v2 loginByPhonePassword',
      'POST /graphql/v2 loginByUsername',
    ]);
  });

  it('wrong password, unknown user and a locked account all → invalid_credentials (detail keeps the code)', async () => {
    const details: string[] = [];
    for (const [identifier, password] of [
      ['ada@example.com', 'nope'],
      ['nobody@example.com', 'x'],
      ['locked@example.com', 'authing-password3'],
    ]) {
      const f = failure(await connector.password!({ identifier: identifier!, password: password! }, ctx()));
      expect(f.reason).toBe('invalid_credentials');
      details.push(f.detail ?? '');
    }
    expect(details.map((d) => d.split(' ')[1])).toEqual(['2333', '2004', '2005']);
    sim.setScenario('locked');
    expect(failure(await connector.password!({ identifier: 'ada', password: 'authing-password1' }, ctx())).reason).toBe(
      'invalid_credentials',
    );
  });

  it('a configured publicKey is used without fetching /.well-known', async () => {
    const c = connect({ publicKey: sim.publicKeyPem });
    const from = sim.calls.length;
    expect((await c.password!({ identifier: 'ada', password: 'authing-password1' }, ctx())).ok).toBe(true);
    expect(kinds(from)).toEqual(['POST /graphql/v2 loginByUsername']);
  });

  it('2000 → captcha_required with the image and its upstream cookie; the answer + state then signs in', async () => {
    sim.setScenario('captcha');
    const first = failure(
      await connector.password!({ identifier: 'ada@example.com', password: 'authing-password1' }, ctx()),
    );
    expect(first.reason).toBe('captcha_required');
    expect(first.captcha?.contentType).toBe('image/png');
    expect(Buffer.from(first.captcha!.body.subarray(0, 4)).toString('latin1')).toBe('\x89PNG');
    expect(first.state?.captchaCookie).toMatch(/^authing_captcha=[0-9a-f]+$/);

    const wrong = failure(
      await connector.password!(
        { identifier: 'ada@example.com', password: 'authing-password1', captcha: 'zzzz' },
        ctx(first.state),
      ),
    );
    expect(wrong.reason).toBe('captcha_required');
    expect(wrong.state?.captchaCookie).not.toBe(first.state?.captchaCookie);

    const answer = sim.lastCaptcha!;
    const ok = await connector.password!(
      { identifier: 'ada@example.com', password: 'authing-password1', captcha: answer },
      ctx(wrong.state),
    );
    expect(ok.ok && ok.user.id).toBe(ADA);
  });

  it('2016 (cannot decrypt) after a key rotation: the fetched key is dropped and fetched again, once', async () => {
    const first = await startAuthingSimulator();
    const port = first.port;
    const c = createAuthingConnector(authingConfigSchema.parse({ appHost: first.url, appId: first.appId }), { logger });
    try {
      await c.ready(ctx()); // caches the first run's key
      await first.close();
      const second = await startAuthingSimulator({ port }); // same address, new key pair
      try {
        const o = await c.password!({ identifier: 'ada', password: 'authing-password1' }, ctx());
        expect(o.ok).toBe(true);
        expect(second.calls.map((x) => x.kind)).toEqual([
          'POST /graphql/v2 loginByUsername',
          'GET /api/v2/.well-known',
          'POST /graphql/v2 loginByUsername',
        ]);
      } finally {
        await second.close();
      }
    } finally {
      await c.close();
      await first.close();
    }
  });

  it('a wrong app id is a configuration fault (502), for sign-in and ready()', async () => {
    const c = connect({ appId: 'NOT-MY-APP' });
    expect((await upstreamError(c.password!({ identifier: 'ada', password: 'authing-password1' }, ctx()))).kind).toBe(
      'bad_response',
    );
    expect((await upstreamError(c.ready(ctx()))).kind).toBe('bad_response');
    sim.setScenario('wrong-app-id');
    expect((await upstreamError(connector.phone!({ phone: '+8613700137000', code: '1234' }, ctx()))).kind).toBe(
      'bad_response',
    );
  });
});

describe('phone code', () => {
  it('sendPhoneCode → /api/v2/sms/send; the outboxed code signs in once; a wrong one → invalid_code', async () => {
    const from = sim.calls.length;
    expect(await connector.sendPhoneCode!({ phone: '+8613700137000' }, ctx())).toEqual({ ok: true });
    expect(kinds(from)).toEqual(['POST /api/v2/sms/send']);
    const { code, to } = sim.outbox.at(-1)!;
    expect(to).toBe('+8613700137000');
    const bad = failure(
      await connector.phone!({ phone: '+8613700137000', code: code === '0000' ? '1111' : '0000' }, ctx()),
    );
    expect(bad.reason).toBe('invalid_code');
    const o = await connector.phone!({ phone: '+8613700137000', code }, ctx());
    expect(o.ok && o.user).toMatchObject({
      id: '5f9d0a1b2c3d4e5f6a7b8c03',
      displayName: 'Lin',
      phone: '+8613700137000',
    });
    expect(failure(await connector.phone!({ phone: '+8613700137000', code }, ctx())).reason).toBe('invalid_code');
  });

  it('an unknown phone with the right code → invalid_code (not told apart)', async () => {
    await connector.sendPhoneCode!({ phone: '+8613999999999' }, ctx());
    expect(
      failure(await connector.phone!({ phone: '+8613999999999', code: sim.outbox.at(-1)!.code }, ctx())).reason,
    ).toBe('invalid_code');
  });

  it('an expired code → code_expired (scenario, and a real expiry)', async () => {
    await connector.sendPhoneCode!({ phone: '+8613700137000' }, ctx());
    sim.setScenario('expired-code');
    expect(
      failure(await connector.phone!({ phone: '+8613700137000', code: sim.outbox.at(-1)!.code }, ctx())).reason,
    ).toBe('code_expired');

    const short = await startAuthingSimulator({ codeTtlMs: 30 });
    const c = createAuthingConnector(authingConfigSchema.parse({ appHost: short.url, appId: short.appId }), { logger });
    try {
      await c.sendPhoneCode!({ phone: '13700137000' }, ctx());
      await new Promise((r) => setTimeout(r, 60));
      const f = failure(await c.phone!({ phone: '13700137000', code: short.outbox[0]!.code }, ctx()));
      expect(f.reason).toBe('code_expired');
    } finally {
      await c.close();
      await short.close();
    }
  });
});

describe('token and logout', () => {
  it('checkLoginStatus then the current user; logout revokes upstream; the token is then invalid_token', async () => {
    const login = await connector.password!({ identifier: 'ada', password: 'authing-password1' }, ctx());
    if (!login.ok) throw new Error('login failed');
    const token = String(login.upstream!.idToken);

    const from = sim.calls.length;
    const o = await connector.token!({ token }, ctx());
    expect(o.ok && o.user).toMatchObject({ id: ADA, email: 'ada@example.com', provider: 'authing' });
    expect(o.ok && o.upstream).toEqual({ idToken: token });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    expect(o.ok && o.expiresAt).toBe(exp * 1000); // from checkLoginStatus's exp
    expect(kinds(from)).toEqual(['POST /graphql/v2 checkLoginStatus', 'POST /graphql/v2 user']);

    await connector.logout!(login.upstream!, ctx());
    expect(sim.calls.at(-1)!.kind).toBe('GET /api/v2/logout');
    expect(failure(await connector.token!({ token }, ctx())).reason).toBe('invalid_token');
    // Logging out a dead token again is fine.
    await expect(connector.logout!(login.upstream!, ctx())).resolves.toBeUndefined();
  });

  it('a forged token → invalid_token', async () => {
    const f = failure(await connector.token!({ token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' }, ctx()));
    expect(f.reason).toBe('invalid_token');
  });
});

describe('upstream faults', () => {
  it('5xx and non-JSON → bad_response, with no secret in the message', async () => {
    for (const scenario of ['5xx', 'non-json']) {
      sim.setScenario(scenario);
      const e = await upstreamError(connector.password!({ identifier: 'ada', password: 'authing-password1' }, ctx()));
      expect(e.kind).toBe('bad_response');
      expect(e.message).not.toContain('authing-password1');
    }
  });

  it('a slow upstream → timeout within the configured timeout (its call policy)', async () => {
    const c = withCallPolicy('au', connect({ timeout: '300ms', publicKey: sim.publicKeyPem }), logger, {
      timeoutMs: 300,
    });
    sim.setScenario('slow');
    const t0 = Date.now();
    const token = sim.issueToken('ada@example.com');
    expect((await upstreamError(c.token!({ token }, { signal: AbortSignal.timeout(10_000) }))).kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(800);
  });

  it('an id_token of the pool issued to another app, or a token that is no JWT, is refused without asking Authing', async () => {
    const other = sim.issueToken('ada@example.com', 'OTHER-APP');
    const from = sim.calls.length;
    for (const token of [other, 'not-a-jwt', 'x.bm90IGpzb24.z']) {
      const o = failure(await connector.token!({ token }, ctx()));
      expect(o.reason).toBe('invalid_token');
    }
    expect(sim.calls.length).toBe(from);
    expect((await connector.token!({ token: sim.issueToken('ada@example.com') }, ctx())).ok).toBe(true);
    // Another pool, when `userPoolId` is configured.
    const pool = connect({ userPoolId: 'POOL2' });
    expect(failure(await pool.token!({ token: sim.issueToken('ada@example.com') }, ctx())).detail).toContain('pool');
  });

  it('ready() resolves against the simulator and warms the key cache', async () => {
    const c = connect();
    await c.ready(ctx());
    const from = sim.calls.length;
    await c.password!({ identifier: 'ada', password: 'authing-password1' }, ctx());
    expect(kinds(from)).toEqual(['POST /graphql/v2 loginByUsername']);
  });
});
