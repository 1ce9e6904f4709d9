/**
 * Where a real AS/XSP may differ from the simulator's first guess, each plausible behaviour is a
 * simulator knob and the connector is run against every one (docs/protocols/unconfirmed-behaviours.md):
 * admin-session errors vs credential errors, phone number + passcode by config, every SOAP cookie
 * (load-balancer stickiness), and the masked debug lines of a verification.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultBroadworksAccounts,
  startBroadworksSimulator,
  type BroadworksAccount,
  type BroadworksSimulator,
  type BroadworksSimulatorOptions,
} from '@auth-login/simulators';
import { UpstreamError, type VerifyOutcome } from '../connector.js';
import { ctx, logged, soapConnector, tcpConnector } from './helpers.test-kit.js';

const DIGITS_USER: BroadworksAccount = {
  userId: '2025550199',
  password: 'dana-password1',
  firstName: 'Dana',
  lastName: 'Digits',
  groupId: 'grp1',
  serviceProviderId: 'sp1',
};
const accounts = [...defaultBroadworksAccounts, DIGITS_USER];

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});
async function start(o: BroadworksSimulatorOptions = {}): Promise<BroadworksSimulator> {
  const sim = await startBroadworksSimulator({ port: 0, accounts, ...o });
  open.push(sim);
  return sim;
}
function tcp(sim: BroadworksSimulator, extra: Record<string, unknown> = {}) {
  const c = tcpConnector(sim.port, extra);
  open.push(c);
  return c;
}
function soap(sim: BroadworksSimulator, extra: Record<string, unknown> = {}) {
  const c = soapConnector(sim.soapUrl!, extra);
  open.push(c);
  return c;
}
const verifies = (sim: BroadworksSimulator) => sim.calls.filter((c) => c.kind === 'AuthenticationVerifyRequest22V4');
const ALICE = { identifier: 'alice@example.com', password: 'alice-password1' };
async function rejection(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}
const okId = (o: VerifyOutcome) => (o.ok ? o.user.id : `fail:${o.reason}`);

describe('passcodeLogin', () => {
  it('false (default): a phone-number identifier goes out as a userId; an all-digit userId signs in', async () => {
    const sim = await start({ soap: false });
    const bw = tcp(sim);
    expect(bw.hints?.password?.identifiers).toEqual(['userId']);
    expect(okId(await bw.password!({ identifier: '2025550199', password: 'dana-password1' }, ctx()))).toBe(
      '2025550199',
    );
    expect(verifies(sim).at(-1)?.summary).toBe('userId=2025550199 → ok');
    // The voice-portal passcode is not a web password: refused as an ordinary wrong credential.
    expect(okId(await bw.password!({ identifier: '+1-2025550123', password: '1234' }, ctx()))).toBe(
      'fail:invalid_credentials',
    );
    expect(verifies(sim).at(-1)?.summary).toMatch(/^userId=\+1-2025550123 /);
  });

  it('true: a phone-number identifier goes out as phoneNumber + passcode, others as userId', async () => {
    const sim = await start({ soap: false });
    const bw = tcp(sim, { passcodeLogin: true });
    expect(bw.hints?.password?.identifiers).toEqual(['userId', 'phone']);
    expect(okId(await bw.password!({ identifier: '+1-2025550123', password: '1234' }, ctx()))).toBe(
      'alice@example.com',
    );
    expect(verifies(sim).at(-1)?.summary).toBe('phoneNumber=+1-2025550123 → ok');
    expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
  });
});

describe('admin-session errors are not credential errors', () => {
  for (const transport of ['tcp', 'soap'] as const) {
    it(`${transport}: the admin session expires server-side → log in again, retry once, signed in`, async () => {
      const sim = await start({ soap: transport === 'soap' });
      const bw = transport === 'tcp' ? tcp(sim) : soap(sim);
      expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
      expect(bw.transport.logins).toBe(1);
      sim.setScenario('admin-session-expired');
      expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
      expect(sim.calls.filter((c) => c.kind === 'admin-session-expired')).toHaveLength(1);
      expect(bw.transport.logins).toBe(2);
      // A wrong password on the retried path is still a wrong password.
      sim.setScenario('admin-session-expired');
      expect(okId(await bw.password!({ ...ALICE, password: 'nope' }, ctx()))).toBe('fail:invalid_credentials');
    });

    it(`${transport}: still refused after the retry → UpstreamError('unavailable'), never invalid_credentials`, async () => {
      const sim = await start({ soap: transport === 'soap' });
      const bw = transport === 'tcp' ? tcp(sim) : soap(sim);
      await bw.ready(ctx());
      sim.setScenario('admin-unauthorized');
      const before = verifies(sim).length;
      const e = await rejection(bw.password!(ALICE, ctx()));
      expect(e.kind).toBe('unavailable');
      expect(e.message).toContain('[Error 5404]');
      expect(e.message).not.toContain('alice-password1');
      expect(verifies(sim).length - before).toBe(2);
      // The token tab likewise.
      await expect(bw.token!({ token: 'alice-login-token' }, ctx())).rejects.toBeInstanceOf(UpstreamError);
    });
  }

  it('soap: an expired session reported as an OCI 5404 (not a SOAP fault) is retried too', async () => {
    const sim = await start({ soapSessionExpiry: 'oci-error' });
    const bw = soap(sim);
    await bw.ready(ctx());
    sim.setScenario('admin-session-expired');
    expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
    expect(bw.transport.logins).toBe(2);
  });
});

describe('SOAP keeps every cookie of the session (load-balancer stickiness)', () => {
  it('echoes the sticky cookie with JSESSIONID: one login for many requests', async () => {
    const sim = await start({ stickyCookie: 'BIGipServerXSP' });
    const bw = soap(sim);
    for (let i = 0; i < 3; i++) expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
    expect(bw.transport.logins).toBe(1);
  });
});

describe('debug lines of a verification', () => {
  it('show the command with secrets masked, and the reply code', async () => {
    const sim = await start({ soap: false });
    const bw = tcp(sim, { passcodeLogin: true });
    const from = logged.length;
    await bw.password!(ALICE, ctx());
    await bw.password!({ identifier: '+1-2025550123', password: '9876' }, ctx());
    await bw.token!({ token: 'alice-login-token' }, ctx());
    const lines = logged.slice(from).filter((l) => l.level === 'debug');
    const text = JSON.stringify(lines);
    expect(text).toContain('oci-verify-request');
    expect(text).toContain('oci-verify-reply');
    expect(text).toContain('<userId>alice@example.com</userId><password>[masked]</password>');
    for (const secret of ['alice-password1', '9876', 'alice-login-token', 'adminSecret']) {
      expect(text.includes(secret), secret).toBe(false);
    }
  });
});

describe('idle sockets behind a NAT that silently drops them (simulator blackholeIdleMs)', () => {
  const kinds = (sim: BroadworksSimulator, kind: string) => sim.calls.filter((c) => c.kind === kind).length;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const timed = async <T>(p: Promise<T>): Promise<{ value: T; ms: number }> => {
    const t0 = Date.now();
    const value = await p;
    return { value, ms: Date.now() - t0 };
  };

  it('without the probe, the first sign-in after the drop waits for the whole deadline (the problem)', async () => {
    const sim = await start({ blackholeIdleMs: 200, soap: false });
    const bw = tcp(sim, { poolSize: 1, idleProbe: false, timeout: '1s' });
    expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
    await sleep(400);
    const t0 = Date.now();
    const e = await rejection(bw.password!(ALICE, { signal: AbortSignal.timeout(1000) }));
    expect(e.kind).toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('a probe interval shorter than the NAT idle timer keeps the socket alive: one login, no drop', async () => {
    const sim = await start({ blackholeIdleMs: 600, soap: false });
    const bw = tcp(sim, { poolSize: 1, idleProbe: '150ms', timeout: '1s' });
    expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
    await sleep(1000);
    const { value, ms } = await timed(bw.password!(ALICE, ctx()));
    expect(okId(value)).toBe('alice@example.com');
    expect(ms).toBeLessThan(300);
    expect(kinds(sim, 'blackholed')).toBe(0);
    expect(kinds(sim, 'SystemSoftwareVersionGetRequest')).toBeGreaterThanOrEqual(4);
    expect(bw.transport.logins).toBe(1);
    expect(logged.some((l) => (l.obj as { event?: string }).event === 'oci-idle-probe')).toBe(true);
  });

  it('a socket dropped anyway is found by the unanswered probe; the next sign-in opens a fresh one at once', async () => {
    const sim = await start({ blackholeIdleMs: 150, soap: false });
    const bw = tcp(sim, { poolSize: 1, idleProbe: '300ms', timeout: '500ms' });
    expect(okId(await bw.password!(ALICE, ctx()))).toBe('alice@example.com');
    // 150 ms: the NAT drops it; 300 ms: the probe is swallowed; +500 ms: no answer, session killed.
    await sleep(1200);
    expect(kinds(sim, 'blackholed')).toBe(1);
    expect(kinds(sim, 'swallowed')).toBe(1);
    expect(logged.some((l) => (l.obj as { event?: string }).event === 'oci-idle-probe-failed')).toBe(true);
    const { value, ms } = await timed(bw.password!(ALICE, ctx()));
    expect(okId(value)).toBe('alice@example.com');
    expect(ms).toBeLessThan(300); // far from the 500 ms deadline: no wait on the dead socket
    expect(bw.transport.logins).toBe(2);
    expect(verifies(sim)).toHaveLength(2);
  });
});
