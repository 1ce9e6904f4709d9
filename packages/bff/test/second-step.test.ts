/**
 * The second sign-in step (Authing MFA) THROUGH THE BFF's HTTP API against the Authing simulator:
 * 1635 → 401 mfa_required with the methods (masked destinations), the mfaToken kept server-side;
 * POST /mfa completes it like a one-step sign-in (TOTP, SMS after POST /mfa/code, email); wrong
 * codes count against the first step's account + client limit; the step is single use, expires,
 * and without one /mfa is 401 mfa_not_pending.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authingDemoAccounts,
  startAuthingSimulator,
  type AuthingAccount,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import { Browser, baseConfig, startBff, type RunningBff } from './support/bff-harness.js';

const MFA: AuthingAccount = {
  identifier: 'second@example.com',
  secret: 'second-password-1',
  note: 'MFA: TOTP 246810, SMS, email',
  id: '5f9d0a1b2c3d4e5f6a7b8c81',
  email: 'second@example.com',
  phone: '13800000001',
  phoneCountryCode: '+86',
  password: 'second-password-1',
  nickname: 'Second',
  mfa: true,
  totpCode: '246810',
};
const TOTP_ONLY: AuthingAccount = {
  identifier: 'totp@example.com',
  secret: 'totp-password-1',
  note: 'MFA: TOTP only',
  id: '5f9d0a1b2c3d4e5f6a7b8c82',
  email: 'totp@example.com',
  password: 'totp-password-1',
  mfa: '1636',
  totpCode: '135790',
  mfaPolicies: ['OTP'],
};

let sim: RunningAuthingSimulator;
const open: RunningBff[] = [];
let clock = Date.now();
const savedLevel = process.env.LOG_LEVEL;

beforeAll(async () => {
  process.env.LOG_LEVEL = 'debug'; // the mfaToken must not be in any line, debug ones included
  sim = await startAuthingSimulator({ appId: 'APP1', accounts: [...authingDemoAccounts, MFA, TOTP_ONLY] });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});
afterAll(async () => {
  if (savedLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = savedLevel;
  await sim.close();
});

async function bff(limits: Record<string, unknown> = {}): Promise<RunningBff> {
  clock = Date.now();
  const b = await startBff(
    baseConfig({
      methods: { password: { connector: 'au' }, phone: { connector: 'au' } },
      limits: {
        perIp: { failures: 100 },
        perAccount: { failures: 100 },
        codeSend: { perDestination: 100, perIp: 100, resendAfter: '1ms' },
        ...limits,
      },
      connectors: { au: { type: 'authing', appHost: sim.url, appId: 'APP1', publicKey: sim.publicKeyPem } },
    }),
    { throttleDelayMs: 1, now: () => clock },
  );
  open.push(b);
  return b;
}
const code = (r: { body: unknown }) => (r.body as { error?: { code?: string } }).error?.code;

async function firstStep(b: RunningBff, who: AuthingAccount = MFA) {
  const browser = new Browser();
  const r = await browser.post(`${b.url}/auth/password`, { identifier: who.email, password: who.password });
  return { browser, r };
}

describe('the MFA second step', () => {
  it('GET /config offers no mfa tab; 1635 answers 401 mfa_required with the methods, masked', async () => {
    const b = await bff();
    const config = await new Browser().get(`${b.url}/auth/config`);
    expect((config.body as { methods: { id: string }[] }).methods.map((m) => m.id)).toEqual(['password', 'phone']);
    const { r } = await firstStep(b);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      error: { code: 'mfa_required', message: expect.any(String) as unknown },
      mfa: {
        methods: [
          { type: 'totp' },
          { type: 'sms', target: '+86 138****0001' },
          { type: 'email', target: 's***@example.com' },
        ],
      },
    });
    expect(JSON.stringify(r.body) + String(r.headers.get('set-cookie')) + b.logs.join('\n')).not.toMatch(
      /mfaToken|[0-9a-f]{32}/,
    );
  });

  it('TOTP: POST /mfa → 200 {user} with a new session id, an audit line; the step is then used up', async () => {
    const b = await bff();
    const { browser, r } = await firstStep(b);
    expect(r.status).toBe(401);
    const preAuth = browser.cookie;
    expect(preAuth).not.toBe('');
    const ok = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body)).toEqual(['user']);
    expect(ok.body.user).toMatchObject({
      id: MFA.id,
      displayName: 'Second',
      email: 'second@example.com',
      phone: '+8613800000001',
      provider: 'authing',
    });
    expect(browser.cookie).not.toBe(preAuth); // a new session id
    expect((await browser.get(`${b.url}/auth/session`)).body).toMatchObject({ authenticated: true });
    expect(sim.calls.filter((c) => c.kind === 'POST /api/v2/mfa/totp/verify')).toHaveLength(1);
    const success = b.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.audit === 'signin.success');
    expect(success).toMatchObject({ method: 'mfa', connector: 'au' });
    // Single use: the signed-in session has no pending step, nor has the old pre-auth id.
    const again = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
    expect([again.status, code(again)]).toEqual([401, 'mfa_not_pending']);
    const replay = new Browser();
    replay.cookie = preAuth;
    const old = await replay.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
    expect([old.status, code(old)]).toEqual([401, 'mfa_not_pending']);
    expect(b.logs.join('\n')).not.toMatch(/mfaToken|[0-9a-f]{32}/);
  });

  it('SMS: POST /mfa/code → 202 and the code to the phone of the challenge; POST /mfa with it → 200', async () => {
    const b = await bff();
    const { browser } = await firstStep(b);
    const sent = await browser.post(`${b.url}/auth/mfa/code`, { method: 'sms' });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ resendAfterSeconds: expect.any(Number) as unknown });
    const sms = sim.outbox.at(-1)!;
    expect(sms).toMatchObject({ channel: 'sms', to: '+8613800000001' });
    const wrong = await browser.post(`${b.url}/auth/mfa`, { method: 'sms', code: '0000x' });
    expect([wrong.status, code(wrong)]).toEqual([401, 'invalid_code']);
    const ok = await browser.post(`${b.url}/auth/mfa`, { method: 'sms', code: sms.code });
    expect(ok.status).toBe(200);
    expect((ok.body as { user: { id: string } }).user.id).toBe(MFA.id);
    expect(b.logs.join('\n')).not.toMatch(/mfaToken|[0-9a-f]{32}/);
  });

  it('POST /mfa/code cannot pump SMS: repeats, a second pending step for the same account and other addresses share one bucket', async () => {
    const b = await bff({ codeSend: { perDestination: 3, perIp: 100, resendAfter: '30s' } });
    const smsTo = () => sim.outbox.filter((m) => m.channel === 'sms' && m.to === '+8613800000001').length;
    const before = smsTo();
    const statuses: number[] = [];
    // One client, ten sends in a row; then two more pending steps of the same account from other
    // clients (other cookies, other X-Forwarded-For would change nothing: the bucket is the account).
    const { browser } = await firstStep(b);
    for (let i = 0; i < 10; i++)
      statuses.push((await browser.post(`${b.url}/auth/mfa/code`, { method: 'sms' })).status);
    for (let i = 0; i < 2; i++) {
      const other = await firstStep(b);
      statuses.push((await other.browser.post(`${b.url}/auth/mfa/code`, { method: 'sms' })).status);
    }
    expect(statuses[0]).toBe(202);
    expect(statuses.slice(1).every((s) => s === 429)).toBe(true);
    expect(smsTo() - before).toBe(1); // the resend delay holds across sessions: one SMS reached Authing
    // The legitimate user still gets in with the one code that was sent.
    const ok = await browser.post(`${b.url}/auth/mfa`, { method: 'sms', code: sim.outbox.at(-1)!.code });
    expect(ok.status).toBe(200);
  });

  it('email: POST /mfa/code {method: email} → the code in the outbox → 200', async () => {
    const b = await bff();
    const { browser } = await firstStep(b);
    expect((await browser.post(`${b.url}/auth/mfa/code`, { method: 'email' })).status).toBe(202);
    const mail = sim.outbox.at(-1)!;
    expect(mail).toMatchObject({ channel: 'email', to: 'second@example.com' });
    const ok = await browser.post(`${b.url}/auth/mfa`, { method: 'email', code: mail.code });
    expect(ok.status).toBe(200);
  });

  it('a method the challenge did not offer is 400; a bad body is 400', async () => {
    const b = await bff();
    const { browser, r } = await firstStep(b, TOTP_ONLY);
    expect(r.body).toMatchObject({ error: { code: 'mfa_required' }, mfa: { methods: [{ type: 'totp' }] } });
    const sms = await browser.post(`${b.url}/auth/mfa/code`, { method: 'sms' });
    expect([sms.status, code(sms)]).toEqual([400, 'invalid_request']);
    const totpSend = await browser.post(`${b.url}/auth/mfa/code`, { method: 'totp' });
    expect([totpSend.status, code(totpSend)]).toEqual([400, 'invalid_request']);
    const junk = await browser.post(`${b.url}/auth/mfa`, { method: 'push', code: '1' });
    expect([junk.status, code(junk)]).toEqual([400, 'invalid_request']);
    expect((await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '135790' })).status).toBe(200);
  });

  it('wrong codes count against the first step account + client limit: N wrong → 429, nothing more upstream', async () => {
    const b = await bff({ perAccount: { failures: 3 } });
    const { browser } = await firstStep(b); // attempt 1 (a right password needing MFA counts)
    for (let i = 0; i < 2; i++) {
      const r = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '000000' });
      expect([r.status, code(r)]).toEqual([401, 'invalid_code']);
    }
    const calls = sim.calls.length;
    const locked = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
    expect([locked.status, code(locked)]).toEqual([429, 'rate_limited']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sim.calls.length).toBe(calls);
    // The same account's first step is locked for this client too.
    const first = await browser.post(`${b.url}/auth/password`, { identifier: MFA.email, password: MFA.password });
    expect(first.status).toBe(429);
  });

  it('the pending step expires after 5 minutes: 401 mfa_not_pending, nothing sent upstream', async () => {
    const b = await bff();
    const { browser } = await firstStep(b);
    clock += 5 * 60_000 + 1;
    const calls = sim.calls.length;
    const late = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
    expect([late.status, code(late)]).toEqual([401, 'mfa_not_pending']);
    const send = await browser.post(`${b.url}/auth/mfa/code`, { method: 'sms' });
    expect([send.status, code(send)]).toEqual([401, 'mfa_not_pending']);
    expect(sim.calls.length).toBe(calls);
  });

  it('without a pending step (no session, a plain pre-auth one, after logout): 401 mfa_not_pending', async () => {
    const b = await bff();
    const none = await new Browser().post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
    expect(none.body).toEqual({ error: { code: 'mfa_not_pending', message: expect.any(String) as unknown } });
    expect(none.status).toBe(401);
    const { browser } = await firstStep(b);
    await browser.post(`${b.url}/auth/logout`);
    const after = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
    expect([after.status, code(after)]).toEqual([401, 'mfa_not_pending']);
  });

  it('an mfaToken the upstream let expire ends the step: 401 mfa_not_pending, then no more upstream calls', async () => {
    const short = await startAuthingSimulator({ appId: 'APP1', accounts: [MFA], mfaTokenTtlMs: 1 });
    try {
      const b = await startBff(
        baseConfig({
          methods: { password: { connector: 'au' } },
          connectors: { au: { type: 'authing', appHost: short.url, appId: 'APP1', publicKey: short.publicKeyPem } },
        }),
        { throttleDelayMs: 1 },
      );
      open.push(b);
      const { browser } = await firstStep(b);
      await new Promise((r) => setTimeout(r, 5));
      const dead = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
      expect([dead.status, code(dead)]).toEqual([401, 'mfa_not_pending']);
      const calls = short.calls.length;
      const again = await browser.post(`${b.url}/auth/mfa`, { method: 'totp', code: '246810' });
      expect([again.status, code(again)]).toEqual([401, 'mfa_not_pending']);
      expect(short.calls.length).toBe(calls);
    } finally {
      await short.close();
    }
  });
});
