/**
 * Business answers are not upstream faults, and a right password is not told apart by its status
 * (docs/security.md A-08, T15), THROUGH THE BFF's HTTP API against the Authing simulator:
 *
 * - junk phone numbers, codes sent too often, wrong codes and junk tokens are the client's 4xx and
 *   never open the circuit: a victim signs in right after, on the same connector;
 * - /readyz reuses each probe for `readyCacheMs` and never feeds the breaker;
 * - MFA required / must reset password: 401 with its own code, counted, never refunded, answered
 *   only while the limits allow the attempt, and the mfaToken never leaves the BFF.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authingDemoAccounts,
  startAuthingSimulator,
  type AuthingAccount,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import { Browser, baseConfig, startBff, type RunningBff } from './support/bff-harness.js';

const ADA = { identifier: 'ada@example.com', password: 'authing-password1' };
const MFA: AuthingAccount = {
  identifier: 'mfa@example.com',
  secret: 'mfa-password-1',
  note: 'a right password answers 1635 (MFA required) offering no factor the BFF can complete',
  id: '5f9d0a1b2c3d4e5f6a7b8c71',
  email: 'mfa@example.com',
  password: 'mfa-password-1',
  mfa: true,
  mfaPolicies: [],
};
const RESET: AuthingAccount = {
  identifier: 'reset@example.com',
  secret: 'reset-password-1',
  note: 'a right password answers 1639 (must reset the password)',
  id: '5f9d0a1b2c3d4e5f6a7b8c72',
  email: 'reset@example.com',
  password: 'reset-password-1',
  mustResetPassword: true,
};

let sim: RunningAuthingSimulator;
const open: RunningBff[] = [];

beforeAll(async () => {
  sim = await startAuthingSimulator({
    appId: 'APP1',
    userPoolId: 'POOL1',
    accounts: [...authingDemoAccounts, MFA, RESET],
    smsResendIntervalMs: 60_000,
  });
});
afterEach(async () => {
  sim.setScenario('ok');
  await Promise.all(open.splice(0).map((b) => b.close()));
});
afterAll(async () => {
  await sim.close();
});

function config(limits: Record<string, unknown> = {}) {
  return baseConfig({
    methods: { password: { connector: 'au' }, phone: { connector: 'au' }, token: { connector: 'au' } },
    limits: {
      perIp: { failures: 100 },
      perAccount: { failures: 100 },
      codeSend: { perDestination: 100, perIp: 100, resendAfter: '1ms' },
      ...limits,
    },
    connectors: {
      au: {
        type: 'authing',
        appHost: sim.url,
        appId: 'APP1',
        userPoolId: 'POOL1',
        // A configured key: every ready() is a real `.well-known` request (countable below).
        publicKey: sim.publicKeyPem,
        timeout: '2s',
      },
    },
  });
}
async function bff(limits?: Record<string, unknown>, readyCacheMs?: number): Promise<RunningBff> {
  const b = await startBff(config(limits), {
    throttleDelayMs: 1,
    resilience: { breaker: { failureThreshold: 3, coolDownMs: 60_000 } },
    ...(readyCacheMs !== undefined ? { readyCacheMs } : {}),
  });
  open.push(b);
  return b;
}
const circuitOpened = (b: RunningBff) => b.logs.some((l) => l.includes('"circuit"') && l.includes('"open"'));
const code = (r: { body: unknown }) => (r.body as { error?: { code?: string } }).error?.code;
const wellKnownCalls = () => sim.calls.filter((c) => c.kind === 'GET /api/v2/.well-known').length;

describe('client junk never opens the circuit', () => {
  it('junk numbers (400), sends too often (429), wrong codes and junk tokens (401): the victim still signs in', async () => {
    const b = await bff();
    for (const phone of ['not-a-phone', '12', 'abcdefgh', '++++', 'x'.repeat(20)]) {
      const r = await new Browser().post(`${b.url}/auth/phone/code`, { phone });
      expect(r.status).toBe(400);
      expect(code(r)).toBe('invalid_request');
    }
    // Authing's own resend interval (the BFF's is 1 ms here): the second send is refused upstream.
    const first = await new Browser().post(`${b.url}/auth/phone/code`, { phone: '+8613800138000' });
    expect(first.status).toBe(202);
    for (let i = 0; i < 4; i++) {
      const again = await new Browser().post(`${b.url}/auth/phone/code`, { phone: '+8613800138000' });
      expect(again.status).toBe(429);
      expect(code(again)).toBe('rate_limited');
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.stringify(again.body)).not.toMatch(/频繁|authing|\d{4,}/);
    }
    for (let i = 0; i < 4; i++) {
      const r = await new Browser().post(`${b.url}/auth/phone`, { phone: '+8613700137000', code: '0000' });
      expect(r.status).toBe(401);
    }
    for (let i = 0; i < 4; i++) {
      const r = await new Browser().post(`${b.url}/auth/token`, { token: `junk.token.${i}` });
      expect(r.status).toBe(401);
      expect(code(r)).toBe('invalid_token');
    }
    expect(circuitOpened(b)).toBe(false);
    const victim = await new Browser().post(`${b.url}/auth/password`, ADA);
    expect(victim.status).toBe(200);
    expect(circuitOpened(b)).toBe(false);
  });

  it('real upstream faults still open it (5xx from Authing)', async () => {
    const b = await bff();
    sim.setScenario('5xx');
    for (let i = 0; i < 3; i++) expect((await new Browser().post(`${b.url}/auth/password`, ADA)).status).toBe(502);
    expect(circuitOpened(b)).toBe(true);
    sim.setScenario('ok');
    const fast = await new Browser().post(`${b.url}/auth/password`, ADA);
    expect(fast.status).toBe(503); // failing fast until the cool-down
    // The upstream is back: /readyz says so (it neither reads nor feeds the breaker), so a load
    // balancer keeps the instance and sign-ins can probe the circuit closed after the cool-down.
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
  });
});

describe('token sign-in checks the app', () => {
  it("an id_token of another app of the pool is 401 invalid_token; this app's signs in", async () => {
    const b = await bff();
    const foreign = await new Browser().post(`${b.url}/auth/token`, { token: sim.issueToken(ADA.identifier, 'APP2') });
    expect([foreign.status, code(foreign)]).toEqual([401, 'invalid_token']);
    const own = await new Browser().post(`${b.url}/auth/token`, { token: sim.issueToken(ADA.identifier) });
    expect(own.status).toBe(200);
  });
});

describe('/readyz', () => {
  it('N requests make at most ceil(elapsed / cache) + 1 probes; concurrent ones share one', async () => {
    const cacheMs = 300;
    const b = await bff(undefined, cacheMs);
    const before = wellKnownCalls();
    const started = Date.now();
    const burst = await Promise.all(Array.from({ length: 50 }, () => fetch(`${b.url}/readyz`)));
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect(wellKnownCalls() - before).toBe(1);
    let n = 50;
    while (Date.now() - started < 1_000) {
      expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
      n += 1;
    }
    const elapsed = Date.now() - started;
    const probes = wellKnownCalls() - before;
    expect(n).toBeGreaterThan(60);
    expect(probes).toBeLessThanOrEqual(Math.ceil(elapsed / cacheMs) + 1);
  });

  it('failed probes never open the circuit: sign-in works as soon as the upstream does', async () => {
    const b = await bff(undefined, 0);
    sim.setScenario('5xx');
    for (let i = 0; i < 10; i++) expect((await fetch(`${b.url}/readyz`)).status).toBe(503);
    expect(circuitOpened(b)).toBe(false);
    sim.setScenario('ok');
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
    expect((await new Browser().post(`${b.url}/auth/password`, ADA)).status).toBe(200);
    expect(circuitOpened(b)).toBe(false);
  });
});

describe('a right password the BFF cannot complete is not told apart by a 5xx', () => {
  it('MFA required (1635/1636) and must reset (1639): 401 with their own code; a wrong password is 401 invalid_credentials', async () => {
    const b = await bff();
    const wrong = await new Browser().post(`${b.url}/auth/password`, { identifier: MFA.email, password: 'nope-1' });
    expect([wrong.status, code(wrong)]).toEqual([401, 'invalid_credentials']);
    const mfa = await new Browser().post(`${b.url}/auth/password`, { identifier: MFA.email, password: MFA.password });
    expect([mfa.status, code(mfa)]).toEqual([401, 'mfa_required']);
    expect(mfa.headers.get('set-cookie') ?? '').not.toMatch(/__Host-|sid/i);
    const reset = await new Browser().post(`${b.url}/auth/password`, {
      identifier: RESET.email,
      password: RESET.password,
    });
    expect([reset.status, code(reset)]).toEqual([401, 'password_reset_required']);
    // The upstream's mfaToken never leaves the BFF (body, headers or log).
    const all = JSON.stringify(mfa.body) + String(mfa.headers.get('set-cookie')) + b.logs.join('\n');
    expect(all).not.toMatch(/mfaToken|[0-9a-f]{32}/);
    expect(circuitOpened(b)).toBe(false);
  });

  it('counts as an attempt (never refunded) and is answered only while the limits allow it', async () => {
    const b = await bff({ perAccount: { failures: 2 } });
    const right = { identifier: MFA.email, password: MFA.password };
    for (let i = 0; i < 2; i++)
      expect(code(await new Browser().post(`${b.url}/auth/password`, right))).toBe('mfa_required');
    const calls = sim.calls.length;
    const locked = await new Browser().post(`${b.url}/auth/password`, right);
    expect(locked.status).toBe(429);
    expect(code(locked)).toBe('rate_limited');
    expect(sim.calls.length).toBe(calls); // refused before the upstream: nothing to learn
  });
});
