/**
 * The broadworks-oci connector over TCP against the simulator, one test per trap of
 * docs/protocols/broadworks-oci.md §7 (encoding, framing, injection, forced logout, drop mid-reply, timeouts,
 * pool concurrency) plus every credential form.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBroadworksSimulator, type BroadworksSimulator } from '@auth-login/simulators';
import { UpstreamError, type VerifyOutcome } from '../connector.js';
import { withCallPolicy } from '../shared/call-policy.js';
import { ctx, logged, selfSignedCert, tcpConnector } from './helpers.test-kit.js';

let sim: BroadworksSimulator;
let bw: ReturnType<typeof tcpConnector>;
const extra: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  sim = await startBroadworksSimulator({ port: 0, soap: false, slowMs: 1500 });
  bw = tcpConnector(sim.port);
});
afterEach(async () => {
  sim.setScenario('ok');
  await Promise.all(extra.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await bw.close();
  await sim.close();
});

const callsOf = (kind: string) => sim.calls.filter((c) => c.kind === kind);
async function rejection(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

describe('credential forms', () => {
  it('userId + password → normalised user with attributes', async () => {
    const r = await bw.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx());
    expect(r).toEqual({
      ok: true,
      user: {
        id: 'alice@example.com',
        displayName: 'Alice Smith',
        phone: '+1-2025550123',
        provider: 'broadworks-oci',
        attributes: {
          groupId: 'grp1',
          serviceProviderId: 'sp1',
          resellerId: 'res1',
          loginType: 'User',
          locale: 'en_US',
          isEnterprise: false,
          passwordExpiresDays: 2147483647,
        },
      },
    });
  });

  it('phone number (as typed, with or without +1-) + passcode, with passcodeLogin', async () => {
    const pc = tcpConnector(sim.port, { passcodeLogin: true });
    extra.push(pc);
    for (const identifier of ['+1-2025550123', '2025550123']) {
      const r = await pc.password!({ identifier, password: '1234' }, ctx());
      expect(r.ok && r.user.id).toBe('alice@example.com');
    }
    expect(callsOf('AuthenticationVerifyRequest22V4').at(-1)?.summary).toBe('phoneNumber=2025550123 → ok');
  });

  it('linePort and SIP forms by config, loginToken by the token tab', async () => {
    const lp = tcpConnector(sim.port, { passwordForm: 'linePort', poolSize: 1 });
    const sip = tcpConnector(sim.port, { passwordForm: 'sip', poolSize: 1 });
    extra.push(lp, sip);
    const a = await lp.password!({ identifier: 'alice_lp@example.com', password: 'alice-password1' }, ctx());
    const b = await sip.password!({ identifier: 'alice_sip/alice@example.com', password: 'alice-sip-secret' }, ctx());
    const c = await bw.token!({ token: 'alice-login-token' }, ctx());
    for (const r of [a, b, c]) expect(r.ok && r.user.id).toBe('alice@example.com');
    expect(await bw.token!({ token: 'nope' }, ctx())).toEqual({
      ok: false,
      reason: 'invalid_token',
      detail: '[Error 4962]',
    });
  });

  it('any ErrorResponse is invalid_credentials with only the code as detail', async () => {
    const cases: [string, string, string][] = [
      ['alice@example.com', 'wrong', '[Error 4962]'],
      ['nobody@example.com', 'x', '[Error 4008]'],
      ['bob@example.com', 'bob-password1', '[Error 5202]'],
    ];
    for (const [identifier, password, detail] of cases) {
      expect(await bw.password!({ identifier, password }, ctx())).toEqual({
        ok: false,
        reason: 'invalid_credentials',
        detail,
      });
    }
    sim.setScenario('error-with-code');
    expect(await bw.password!({ identifier: 'alice@example.com', password: 'x' }, ctx())).toEqual({
      ok: false,
      reason: 'invalid_credentials',
      detail: '[Error 4962]',
    });
  });
});

describe('wire traps', () => {
  it('decodes ISO-8859-1 replies by their declaration: "Zoë Müller"', async () => {
    const r = await bw.password!({ identifier: 'zoe@example.com', password: 'zoe-password1' }, ctx());
    expect(r.ok && r.user.displayName).toBe('Zoë Müller');
    expect(r.ok && r.user.attributes).toMatchObject({ isEnterprise: true, passwordExpiresDays: 30 });
  });

  it('sends Latin-1 requests truly as Latin-1 when configured, and UTF-8 ones as UTF-8', async () => {
    const latin = tcpConnector(sim.port, { requestEncoding: 'ISO-8859-1', poolSize: 1 });
    extra.push(latin);
    const r = await latin.password!({ identifier: 'zoe@example.com', password: 'zoe-password1' }, ctx());
    expect(r.ok && r.user.displayName).toBe('Zoë Müller');
    // A name outside Latin-1 must travel as a character reference and arrive intact.
    const miss = await latin.password!({ identifier: '中@example.com', password: 'x' }, ctx());
    expect(miss).toMatchObject({ ok: false, detail: '[Error 4008]' });
    expect(callsOf('AuthenticationVerifyRequest22V4').at(-1)?.summary).toBe('userId=中@example.com → [Error 4008]');
  });

  it('user input is text: `</userId><userId>admin` reaches the server literally', async () => {
    const r = await bw.password!({ identifier: '</userId><userId>admin', password: 'p&ss<w>rd' }, ctx());
    expect(r).toEqual({ ok: false, reason: 'invalid_credentials', detail: '[Error 4008]' });
    expect(callsOf('AuthenticationVerifyRequest22V4').at(-1)?.summary).toBe(
      'userId=</userId><userId>admin → [Error 4008]',
    );
  });

  it('refuses NUL / control characters before anything is sent', async () => {
    const before = sim.calls.length;
    const r = await bw.password!({ identifier: 'alice@example.com', password: 'a\u0000b' }, ctx());
    expect(r).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    expect(await bw.password!({ identifier: 'al\u0007ice', password: 'x' }, ctx())).toMatchObject({ ok: false });
    // §7.4: empty or over-long values are not sent either
    expect(await bw.password!({ identifier: 'alice@example.com', password: 'x'.repeat(61) }, ctx())).toMatchObject({
      ok: false,
      detail: 'password outside OCI-P limits',
    });
    expect(await bw.password!({ identifier: '', password: 'x' }, ctx())).toMatchObject({
      ok: false,
      reason: 'invalid_credentials',
    });
    expect(await bw.token!({ token: '' }, ctx())).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(sim.calls.length).toBe(before);
  });

  it('frames replies written one byte at a time', async () => {
    sim.setScenario('split-writes');
    const r = await bw.password!({ identifier: 'zoe@example.com', password: 'zoe-password1' }, ctx());
    expect(r.ok && r.user.displayName).toBe('Zoë Müller');
  });

  it('handles a reply and a pushed LogoutRequest coalesced in one write, then logs in again', async () => {
    const logins = bw.transport.logins;
    await bw.ready(ctx());
    expect(sim.forceLogout({ withNextReply: true })).toBeGreaterThan(0);
    const r = await bw.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx());
    expect(r.ok).toBe(true);
    const again = await bw.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx());
    expect(again.ok).toBe(true);
    expect(bw.transport.logins).toBeGreaterThan(logins);
  });
});

describe('reply shapes a line-based reader would break on', () => {
  it('copes with `\n` after the declaration and with no trailing `\n`', async () => {
    const odd = await startBroadworksSimulator({
      soap: false,
      newlineAfterDeclaration: true,
      omitTrailingNewline: true,
    });
    const c = tcpConnector(odd.port, { poolSize: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await c.password!({ identifier: 'zoe@example.com', password: 'zoe-password1' }, ctx());
        expect(r.ok && r.user.displayName).toBe('Zoë Müller');
      }
    } finally {
      await c.close();
      await odd.close();
    }
  });
});

describe('session lifecycle', () => {
  it('keeps one admin session open for many verifications', async () => {
    const one = tcpConnector(sim.port, { poolSize: 1 });
    extra.push(one);
    for (let i = 0; i < 20; i++)
      await one.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx());
    expect(one.transport.logins).toBe(1);
  });

  it('close() logs out politely (LogoutRequest, Client Logout) and is idempotent', async () => {
    const c = tcpConnector(sim.port, { poolSize: 1 });
    await c.ready(ctx());
    const before = callsOf('LogoutRequest').length;
    await c.close();
    await c.close();
    expect(callsOf('LogoutRequest').length).toBe(before + 1);
    expect((await rejection(c.password!({ identifier: 'alice@example.com', password: 'x' }, ctx()))).kind).toBe(
      'unavailable',
    );
  });

  it('uses at most poolSize sockets, one login each, for concurrent verifications', async () => {
    const pooled = tcpConnector(sim.port, { poolSize: 3 });
    extra.push(pooled);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pooled.password!(
          {
            identifier: i % 2 ? 'alice@example.com' : 'zoe@example.com',
            password: i % 2 ? 'alice-password1' : 'zoe-password1',
          },
          ctx(),
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r: VerifyOutcome) => r.ok && r.user.displayName === 'Zoë Müller')).toHaveLength(15);
    expect(pooled.transport.logins).toBe(3);
    expect(pooled.transport.size).toBe(3);
  });

  it('re-logs in after a forced logout pushed while idle', async () => {
    const c = tcpConnector(sim.port, { poolSize: 1 });
    extra.push(c);
    await c.ready(ctx());
    sim.forceLogout();
    await new Promise((r) => setTimeout(r, 50));
    expect((await c.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx())).ok).toBe(true);
    expect(c.transport.logins).toBe(2);
  });

  it('a LogoutRequest pushed instead of the reply: the verification is sent once more on a fresh login', async () => {
    const c = tcpConnector(sim.port, { poolSize: 1 });
    extra.push(c);
    await c.ready(ctx());
    sim.setScenario('forced-logout');
    expect((await c.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx())).ok).toBe(true);
    expect(c.transport.logins).toBe(2);
    expect(sim.calls.some((x) => x.kind === 'LogoutRequest(pushed)')).toBe(true);
    expect(logged.some((l) => l.level === 'warn' && (l.obj as { reason?: string }).reason === 'forced-logout')).toBe(
      true,
    );
  });

  it('a drop mid-reply is unavailable (no blind retry), and the next call logs in afresh', async () => {
    const c = tcpConnector(sim.port, { poolSize: 1 });
    extra.push(c);
    await c.ready(ctx());
    sim.setScenario('drop-mid-reply');
    const verifies = callsOf('AuthenticationVerifyRequest22V4').length;
    const e = await rejection(c.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx()));
    expect(e.kind).toBe('unavailable');
    expect(e.message).toMatch(/mid-reply/);
    expect(callsOf('AuthenticationVerifyRequest22V4').length).toBe(verifies + 1);
    sim.setScenario('ok');
    expect((await c.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx())).ok).toBe(true);
  });

  it('garbage is bad_response', async () => {
    sim.setScenario('garbage');
    expect((await rejection(bw.password!({ identifier: 'alice@example.com', password: 'x' }, ctx()))).kind).toBe(
      'bad_response',
    );
  });
});

describe('timeouts and failures', () => {
  it('a slow reply ends in timeout at the configured timeout (its call policy), and the socket is not reused', async () => {
    const c = tcpConnector(sim.port, { poolSize: 1, timeout: '300ms' });
    extra.push(c);
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const guarded = withCallPolicy('bw', c, silent, { timeoutMs: 300 });
    await c.ready(ctx());
    sim.setScenario('slow');
    const t0 = Date.now();
    expect(
      (await rejection(guarded.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx())))
        .kind,
    ).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1000);
    sim.setScenario('ok');
    expect((await c.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx())).ok).toBe(true);
    expect(c.transport.logins).toBe(2);
  });

  it('requests queued behind a slow one give up when their own signal aborts', async () => {
    const c = tcpConnector(sim.port, { poolSize: 1, timeout: '3s' });
    extra.push(c);
    await c.ready(ctx());
    sim.setScenario('slow');
    const first = c.password!({ identifier: 'alice@example.com', password: 'x' }, ctx(5000)).catch(() => undefined);
    const t0 = Date.now();
    expect((await rejection(c.password!({ identifier: 'alice@example.com', password: 'x' }, ctx(200)))).kind).toBe(
      'timeout',
    );
    expect(Date.now() - t0).toBeLessThan(700);
    await first;
  });

  it('a server that accepts but never answers: login timeout, and the socket is closed (not left open)', async () => {
    let open = 0;
    let accepted = 0;
    const silent = net.createServer((s) => {
      accepted++;
      open++;
      s.resume(); // read (and drop) the login, so the peer's FIN is seen and 'close' fires
      s.on('close', () => open--);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const c = tcpConnector((silent.address() as net.AddressInfo).port, { timeout: '200ms' });
    try {
      expect((await rejection(c.ready(ctx()))).kind).toBe('timeout');
      for (let i = 0; i < 50 && open > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(accepted).toBeGreaterThan(0);
      expect(open).toBe(0);
    } finally {
      await c.close();
      silent.close();
    }
  });

  it('connection refused → unavailable; wrong admin password → bad_response', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const refused = tcpConnector(port);
    const badAdmin = tcpConnector(sim.port, { adminPassword: 'wrong' });
    extra.push(refused, badAdmin);
    expect((await rejection(refused.password!({ identifier: 'a@b', password: 'x' }, ctx()))).kind).toBe('unavailable');
    const e = await rejection(
      badAdmin.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx()),
    );
    expect(e.kind).toBe('bad_response');
    expect(e.message).toContain('[Error 4962]');
    expect(e.message).not.toContain('wrong');
  });

  it('LoginRequest22V5 login is selectable', async () => {
    const c = tcpConnector(sim.port, { login: '22V5', poolSize: 1 });
    extra.push(c);
    expect((await c.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx())).ok).toBe(true);
    expect(callsOf('LoginRequest22V5').length).toBeGreaterThan(0);
  });
});

describe('TLS', () => {
  it('connects with the configured CA (inline PEM), and refuses an untrusted certificate', async () => {
    const cert = selfSignedCert();
    const tsim = await startBroadworksSimulator({ tls: cert, soap: false });
    const good = tcpConnector(tsim.port, { tls: true, ca: cert.cert, login: '22V5' });
    const untrusted = tcpConnector(tsim.port, { tls: true, ca: selfSignedCert().cert });
    try {
      const r = await good.password!({ identifier: 'zoe@example.com', password: 'zoe-password1' }, ctx());
      expect(r.ok && r.user.displayName).toBe('Zoë Müller');
      expect((await rejection(untrusted.ready(ctx()))).kind).toBe('unavailable');
    } finally {
      await good.close();
      await untrusted.close();
      await tsim.close();
    }
  });
});
