/**
 * The simulator against the official client: `authing-js-sdk` (4.23.55, the version the captures
 * in authing-captures.json came from) with `appHost` pointing at the simulator. The SDK fetches
 * the public key itself, encrypts with JSEncrypt, and parses the envelopes itself, so these tests
 * fail if the simulator's wire format drifts from what the real service speaks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationClient } from 'authing-js-sdk';
import { startAuthingSimulator } from './simulator.js';
import type { RunningAuthingSimulator } from './simulator.js';

let sim: RunningAuthingSimulator;

beforeAll(async () => {
  sim = await startAuthingSimulator({ appId: 'APPID123', userPoolId: 'POOL123' });
});
afterAll(() => sim.close());
beforeEach(() => sim.setScenario('ok'));

const client = () => {
  // `userPoolId` is read at run time (x-authing-userpool-id) but missing from the SDK's option type.
  const options = { appId: 'APPID123', userPoolId: 'POOL123', appHost: sim.url, timeout: 5000 };
  return new AuthenticationClient(options);
};

/** The SDK throws plain `{code, message, data}` objects for business errors (docs/protocols/authing.md §4). */
async function rejection(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; message: string };
  }
  throw new Error('expected the SDK call to fail');
}

describe('authing-js-sdk against the simulator', () => {
  it('loginByEmail: fetches the key once, sends an encrypted password, gets the user and an id_token', async () => {
    const before = sim.calls.length;
    const c = client();
    const user = await c.loginByEmail('ada@example.com', 'authing-password1');
    expect(user.id).toBe('5f9d0a1b2c3d4e5f6a7b8c01');
    expect(user.email).toBe('ada@example.com');
    expect(user.username).toBe('ada');
    expect(user.token).toMatch(/^eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.[\w-]+\.[\w-]+$/);
    expect(user.customData).toEqual({}); // the SDK converts the customData array
    const payload = JSON.parse(Buffer.from(user.token!.split('.')[1]!, 'base64url').toString()) as {
      exp: number;
      iat: number;
    };
    expect(payload).toMatchObject({ sub: user.id, aud: 'APPID123', userpool_id: 'POOL123' });
    expect(payload.exp - payload.iat).toBe(1_209_600);
    expect(sim.calls.slice(before).map((x) => x.kind)).toEqual([
      'GET /api/v2/.well-known',
      'POST /graphql/v2 loginByEmail',
    ]);
    // Same client, second login: the key is cached.
    await c.loginByEmail('ada@example.com', 'authing-password1');
    expect(sim.calls.slice(before).filter((x) => x.kind === 'GET /api/v2/.well-known')).toHaveLength(1);
  });

  it('two sign-ins of one user in the same second get distinct id_tokens: one logout does not end the other', async () => {
    const first = client();
    const second = client();
    const a = await first.loginByEmail('ada@example.com', 'authing-password1');
    const b = await second.loginByEmail('ada@example.com', 'authing-password1');
    expect(a.token).not.toBe(b.token);
    await first.logout();
    expect((await second.checkLoginStatus(b.token!)).status).toBe(true);
  });

  it('loginByEmail with a wrong password throws {code: 2333}; an unknown user {code: 2004}', async () => {
    expect(await rejection(client().loginByEmail('ada@example.com', 'nope'))).toMatchObject({
      code: 2333,
      message: '账号或密码错误',
    });
    expect(await rejection(client().loginByEmail('nobody@example.com', 'nope'))).toMatchObject({ code: 2004 });
  });

  it('loginByUsername', async () => {
    const user = await client().loginByUsername('grace', 'authing-password2');
    expect(user).toMatchObject({ id: '5f9d0a1b2c3d4e5f6a7b8c02', username: 'grace', name: 'Grace Hopper' });
    expect(await rejection(client().loginByUsername('grace', 'authing-password1'))).toMatchObject({ code: 2333 });
  });

  it('loginByPhonePassword', async () => {
    const user = await client().loginByPhonePassword('13800138000', 'authing-password1');
    expect(user).toMatchObject({ id: '5f9d0a1b2c3d4e5f6a7b8c01', phone: '13800138000', phoneCountryCode: '+86' });
    expect(await rejection(client().loginByPhonePassword('13800138000', 'x'))).toMatchObject({ code: 2333 });
  });

  it('sendSmsCode + loginByPhoneCode: the code lands in the outbox and works once', async () => {
    const c = client();
    await c.sendSmsCode('13700137000', '+86');
    const msg = sim.outbox.at(-1)!;
    expect(msg).toMatchObject({ channel: 'sms', to: '+8613700137000' });
    expect(msg.code).toMatch(/^\d{4}$/);
    expect(msg.text).toContain(msg.code);
    const wrong = msg.code === '0000' ? '1111' : '0000';
    expect(await rejection(c.loginByPhoneCode('13700137000', wrong, { phoneCountryCode: '+86' }))).toMatchObject({
      code: 2001,
    });
    const user = await c.loginByPhoneCode('13700137000', msg.code, { phoneCountryCode: '+86' });
    expect(user).toMatchObject({ id: '5f9d0a1b2c3d4e5f6a7b8c03', nickname: 'Lin' });
    // Single use.
    expect(await rejection(c.loginByPhoneCode('13700137000', msg.code, { phoneCountryCode: '+86' }))).toMatchObject({
      code: 2001,
    });
  });

  it('checkLoginStatus, getCurrentUser and logout (which revokes the id_token)', async () => {
    const c = client();
    const { token } = await c.loginByUsername('ada', 'authing-password1');
    const status = await c.checkLoginStatus(token!);
    expect(status).toMatchObject({
      code: 200,
      status: true,
      data: { id: '5f9d0a1b2c3d4e5f6a7b8c01', userPoolId: 'POOL123' },
    });
    const me = await c.getCurrentUser();
    expect(me).toMatchObject({ id: '5f9d0a1b2c3d4e5f6a7b8c01', email: 'ada@example.com' });

    await c.logout();
    expect(sim.calls.at(-1)!.kind).toBe('GET /api/v2/logout');
    expect(await c.checkLoginStatus(token!)).toMatchObject({ code: 2206, status: false, data: null });
    // A client still holding the revoked token: getCurrentUser swallows the 2020 and returns null.
    const other = client();
    other.setToken(token!);
    expect(await other.getCurrentUser()).toBeNull();
    expect(sim.calls.at(-1)!.kind).toBe('POST /graphql/v2 user');
  });

  it('checkLoginStatus with a forged token is status:false (not a GraphQL error)', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.AAAA';
    expect(await client().checkLoginStatus(forged)).toMatchObject({ status: false, data: null });
  });

  it('scenario captcha: password logins fail with {code: 2000}', async () => {
    sim.setScenario('captcha');
    expect(await rejection(client().loginByEmail('ada@example.com', 'authing-password1'))).toMatchObject({
      code: 2000,
    });
  });

  it('scenario locked: {code: 2005}; expired-code: the generic 500 with 验证码已过期', async () => {
    sim.setScenario('locked');
    expect(await rejection(client().loginByUsername('ada', 'authing-password1'))).toMatchObject({ code: 2005 });
    sim.setScenario('expired-code');
    const c = client();
    await c.sendSmsCode('13700137000', '+86');
    expect(
      await rejection(c.loginByPhoneCode('13700137000', sim.outbox.at(-1)!.code, { phoneCountryCode: '+86' })),
    ).toMatchObject({ code: 500, message: '验证码已过期' });
  });

  it('a client configured with another app id is refused', async () => {
    const c = new AuthenticationClient({
      appId: 'OTHERAPP',
      appHost: sim.url,
      publicKey: sim.publicKeyPem,
      timeout: 5000,
    });
    expect(await rejection(c.loginByUsername('ada', 'authing-password1'))).toMatchObject({ code: 400 });
  });
});
