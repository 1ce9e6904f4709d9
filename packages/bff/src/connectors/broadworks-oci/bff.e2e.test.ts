/**
 * Every BroadWorks credential form through the BFF's HTTP API, against the simulator over a real
 * socket (issue 4 "Done when"): config → registry → connector → OCI-P → session cookie.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroadworksSimulator, type BroadworksSimulator } from '@auth-login/simulators';
import { startTestBff, type TestBff } from '../../app.test-kit.js';

const SECRETS =
  /alice-password1|alice-sip-secret|alice-login-token|zoe-password1|adminSecret|Invalid password|Error 4962|Account is disabled/;

describe('broadworks-oci through the BFF HTTP API', () => {
  let sim: BroadworksSimulator;
  const bffs: Record<string, TestBff> = {};

  const entry = (extra: Record<string, unknown>) => ({
    type: 'broadworks-oci',
    transport: 'tcp',
    host: sim.host,
    port: sim.port,
    adminUserId: 'admin@example.com',
    adminPassword: 'adminSecret',
    timeout: '400ms',
    ...extra,
  });

  beforeAll(async () => {
    sim = await startBroadworksSimulator({ port: 0, soap: true, slowMs: 3_000 });
    for (const form of ['userId', 'linePort', 'sip'] as const) {
      bffs[form] = await startTestBff({
        methods: { password: { connector: 'bw' }, token: { connector: 'bw' } },
        connectors: { bw: entry({ passwordForm: form, passcodeLogin: true }) },
      });
    }
    bffs.soap = await startTestBff({
      methods: { password: { connector: 'bws' } },
      connectors: {
        bws: {
          type: 'broadworks-oci',
          transport: 'soap',
          url: sim.soapUrl,
          adminUserId: 'admin@example.com',
          adminPassword: 'adminSecret',
        },
      },
    });
  });
  afterAll(async () => {
    await Promise.all(Object.values(bffs).map((b) => b.close()));
    await sim.close();
  });
  beforeEach(() => sim.setScenario('ok'));

  it.each([
    ['userId', 'alice@example.com', 'alice-password1'],
    ['userId', '+1-2025550123', '1234'],
    ['userId', '2025550123', '1234'],
    ['linePort', 'alice_lp@example.com', 'alice-password1'],
    ['sip', 'alice_sip/alice@example.com', 'alice-sip-secret'],
    ['soap', 'alice@example.com', 'alice-password1'],
  ])('password tab (%s form): %s signs in and the session shows Alice', async (bff, identifier, password) => {
    const client = bffs[bff]!.client();
    const res = await client.post('/password', { identifier, password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      id: 'alice@example.com',
      displayName: 'Alice Smith',
      provider: 'broadworks-oci',
      attributes: { groupId: 'grp1', serviceProviderId: 'sp1' },
    });
    expect((await client.get('/session')).body).toMatchObject({
      authenticated: true,
      user: { id: 'alice@example.com' },
    });
  });

  it('spellings of one DN share one per-account bucket (passcodeLogin, phone.defaultCountry US)', async () => {
    const bff = await startTestBff({
      phone: { defaultCountry: 'US' },
      limits: { perAccount: { failures: 5, window: '15m', lock: '15m' } },
      methods: { password: { connector: 'bw' } },
      connectors: { bw: entry({ passcodeLogin: true }) },
    });
    try {
      const client = bff.client();
      const spellings = ['+1-2025550123', '2025550123', '+12025550123', '1-202-555-0123', '202-555-0123'];
      for (const identifier of spellings) {
        expect((await client.post('/password', { identifier, password: '0000' })).status).toBe(401);
      }
      // The right passcode under a sixth spelling: the account is locked for this client, whatever the spelling.
      const locked = await client.post('/password', { identifier: '12025550123', password: '1234' });
      expect(locked.status).toBe(429);
      // What reached BroadWorks: the five wrong passcodes (audited as failures), not the sixth.
      await new Promise((resolve) => setTimeout(resolve, 50)); // pino's async destination
      const events = bff.logs.map((l) => (JSON.parse(l) as { event?: string }).event);
      expect(events.filter((e) => e === 'signin.failure')).toHaveLength(5);
      expect(events.filter((e) => e === 'signin.locked')).toHaveLength(1);
      expect(events).not.toContain('signin.success');
    } finally {
      await bff.close();
    }
  });

  it('token tab: loginToken signs in; a bad token is 401 invalid_token', async () => {
    const ok = await bffs.userId!.client().post('/token', { token: 'alice-login-token' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe('alice@example.com');
    const bad = await bffs.userId!.client().post('/token', { token: 'forged-token' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_token');
  });

  it('"Zoë Müller" comes out right through the whole chain', async () => {
    const res = await bffs
      .userId!.client()
      .post('/password', { identifier: 'zoe@example.com', password: 'zoe-password1' });
    expect(res.body.user.displayName).toBe('Zoë Müller');
  });

  it('wrong password, unknown user and disabled account: one uniform 401 invalid_credentials', async () => {
    const replies = [
      await bffs.userId!.client().post('/password', { identifier: 'alice@example.com', password: 'wrong' }),
      await bffs.userId!.client().post('/password', { identifier: 'nobody@example.com', password: 'wrong' }),
      await bffs.userId!.client().post('/password', { identifier: 'bob@example.com', password: 'bob-password1' }),
      await bffs.soap!.client().post('/password', { identifier: 'alice@example.com', password: 'wrong' }),
    ];
    for (const r of replies) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
      expect(r.text).toBe(replies[0]!.text);
      expect(r.text).not.toMatch(SECRETS);
    }
  });

  it('garbage → 502, drop mid-reply → 503, slow → 504 within the timeout', async () => {
    const cases: [string, number][] = [
      ['garbage', 502],
      ['drop-mid-reply', 503],
      ['slow', 504],
    ];
    for (const [scenario, status] of cases) {
      sim.setScenario(scenario);
      const t0 = performance.now();
      const res = await bffs
        .userId!.client()
        .post('/password', { identifier: 'alice@example.com', password: 'alice-password1' });
      expect([scenario, res.status]).toEqual([scenario, status]);
      expect(performance.now() - t0).toBeLessThan(1_500);
      expect(res.text).not.toMatch(/127\.0\.0\.1|BroadsoftDocument|Error \d/);
    }
  });

  it('never logs a password, passcode, token or the admin password', () => {
    const logs = Object.values(bffs)
      .flatMap((b) => b.logs)
      .join('\n');
    expect(logs).not.toMatch(/alice-password1|alice-sip-secret|alice-login-token|zoe-password1|adminSecret/);
  });
  it('a password expiring within passwordExpiryNotice (default 14) signs in with notices; a far one without', async () => {
    const eve = await bffs
      .userId!.client()
      .post('/password', { identifier: 'eve@example.com', password: 'eve-password1' });
    expect(eve.status).toBe(200);
    expect(eve.body.notices).toEqual([{ code: 'password_expires', days: 5 }]);
    expect(eve.body.user).toMatchObject({ id: 'eve@example.com', attributes: { passwordExpiresDays: 5 } });
    const alice = await bffs.userId!.client().post('/password', {
      identifier: 'alice@example.com',
      password: 'alice-password1',
    });
    expect(Object.keys(alice.body)).toEqual(['user']); // 2147483647: never
    const zoe = await bffs
      .userId!.client()
      .post('/password', { identifier: 'zoe@example.com', password: 'zoe-password1' });
    expect(Object.keys(zoe.body)).toEqual(['user']); // 30 > 14
    const wide = await startTestBff({
      methods: { password: { connector: 'bw' } },
      connectors: {
        bw: {
          type: 'broadworks-oci',
          host: sim.host,
          port: sim.port,
          adminUserId: 'admin@example.com',
          adminPassword: 'adminSecret',
          passwordExpiryNotice: 30,
        },
      },
    });
    try {
      const z = await wide.client().post('/password', { identifier: 'zoe@example.com', password: 'zoe-password1' });
      expect(z.body.notices).toEqual([{ code: 'password_expires', days: 30 }]);
    } finally {
      await wide.close();
    }
  });

  it('an expired password (passwordExpiresDays 0 or negative) is 401 password_reset_required, no session', async () => {
    const client = bffs.userId!.client();
    const zero = await client.post('/password', { identifier: 'otto@example.com', password: 'otto-password1' });
    expect([zero.status, zero.body.error?.code]).toEqual([401, 'password_reset_required']);
    expect((await client.get('/session')).body).toEqual({ authenticated: false });
    // A wrong password for the same account stays invalid_credentials (the age is only read on success).
    const wrong = await client.post('/password', { identifier: 'otto@example.com', password: 'nope' });
    expect([wrong.status, wrong.body.error?.code]).toEqual([401, 'invalid_credentials']);
    const neg = await startBroadworksSimulator({
      port: 0,
      accounts: [
        { userId: 'admin@example.com', password: 'adminSecret', admin: true, loginType: 'System' },
        { userId: 'neg@example.com', password: 'neg-password1', passwordExpiresDays: -3 },
      ],
    });
    const b = await startTestBff({
      methods: { password: { connector: 'bw' } },
      connectors: {
        bw: {
          type: 'broadworks-oci',
          host: neg.host,
          port: neg.port,
          adminUserId: 'admin@example.com',
          adminPassword: 'adminSecret',
        },
      },
    });
    try {
      const r = await b.client().post('/password', { identifier: 'neg@example.com', password: 'neg-password1' });
      expect([r.status, r.body.error?.code]).toEqual([401, 'password_reset_required']);
    } finally {
      await b.close();
      await neg.close();
    }
  });
});
