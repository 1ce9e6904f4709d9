/**
 * Sessions over real HTTP (docs/security.md C-01..C-04, D-01, D-03, H-02; T04-T07).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, SECRET_A, SECRET_B, startTestBff, UPSTREAM_TOKEN, type TestBff } from '../app.test-kit.js';
import { MemorySessionStore } from './memory-store.js';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

const idOf = (cookie: string | undefined) => cookie?.split('=')[1]?.split('.')[0];

describe('session cookie', () => {
  it('is __Host- prefixed, Secure, HttpOnly, SameSite=Strict, Path=/, no Domain, no Max-Age; 256-bit id', async () => {
    bff = await startTestBff();
    const res = await bff.client().signIn();
    expect(res.status).toBe(200);
    expect(res.setCookies).toHaveLength(1);
    const cookie = res.setCookies[0]!;
    const [pair, ...attributes] = cookie.split('; ');
    expect(pair).toMatch(/^__Host-auth=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
    expect(Buffer.from(idOf(pair)!, 'base64url')).toHaveLength(32);
  });

  it('SameSite=Lax by config; secure:false drops the prefix and Secure and logs a warning', async () => {
    bff = await startTestBff({ session: { secrets: [SECRET_A], cookie: { sameSite: 'lax', secure: false } } });
    const cookie = (await bff.client().signIn()).setCookies[0]!;
    expect(cookie).toMatch(/^auth=/);
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    expect(bff.logs.some((l) => /"level":40/.test(l) && l.includes('session.cookie.secure is false'))).toBe(true);
  });

  it.each([
    ['sid', '__Host-sid'],
    ['__Secure-sid', '__Host-sid'],
    ['__Host-app', '__Host-app'],
  ])(
    'a custom name %s with secure:true still gets the __Host- prefix (%s), and is read back under it',
    async (name, sent) => {
      bff = await startTestBff({ session: { secrets: [SECRET_A], cookie: { name } } });
      const client = bff.client();
      const res = await client.signIn();
      expect(res.setCookies[0]!.startsWith(`${sent}=`)).toBe(true);
      expect(res.setCookies[0]).toContain('Secure');
      expect((await client.get('/session')).body).toMatchObject({ authenticated: true });
    },
  );

  it('gives 1,000 distinct ids (no UUIDs)', async () => {
    const { newSessionId } = await import('./cookie.js');
    const ids = new Set(Array.from({ length: 1000 }, () => newSessionId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe('fixation and strict mode (C-01, T05)', () => {
  it('never adopts a planted id and issues a new id on sign-in; the pre-auth id dies', async () => {
    bff = await startTestBff();
    const client = bff.client();
    client.cookie = `__Host-auth=${'A'.repeat(43)}.${'B'.repeat(43)}`; // attacker-chosen, unsigned
    expect((await client.post('/phone/code', { phone: '+15550001' })).status).toBe(202);
    const preAuth = client.cookie;
    expect(idOf(preAuth)).not.toBe('A'.repeat(43));

    const res = await client.post('/phone', { phone: '+15550001', code: '123456' });
    expect(res.status).toBe(200);
    expect(idOf(client.cookie)).not.toBe(idOf(preAuth));

    const replay = new Client(bff.api);
    replay.cookie = preAuth;
    expect((await replay.get('/session')).body).toEqual({ authenticated: false });
  });

  it('a second sign-in in the same browser gets yet another id', async () => {
    bff = await startTestBff();
    const client = bff.client();
    await client.signIn();
    const first = client.cookie;
    await client.signIn();
    expect(idOf(client.cookie)).not.toBe(idOf(first));
    const old = new Client(bff.api);
    old.cookie = first;
    expect((await old.get('/session')).body.authenticated).toBe(false);
  });
});

describe('logout (C-03, T06)', () => {
  it('destroys the session server-side: a replayed cookie is anonymous', async () => {
    const store = new MemorySessionStore();
    bff = await startTestBff({}, { sessionStore: store });
    const client = bff.client();
    await client.signIn();
    const saved = client.cookie;
    expect(store.size).toBe(1);
    const res = await client.post('/logout');
    expect(res.status).toBe(204);
    expect(res.setCookies[0]).toMatch(/^__Host-auth=; .*Max-Age=0/);
    expect(store.size).toBe(0);
    const replay = new Client(bff.api);
    replay.cookie = saved;
    expect((await replay.get('/session')).body).toEqual({ authenticated: false });
    expect(bff.connector.logouts).toEqual([{ accessToken: UPSTREAM_TOKEN }]);
  });

  it('accepts {} as the body, and no body at all', async () => {
    bff = await startTestBff();
    expect((await bff.client().post('/logout', {})).status).toBe(204);
    expect((await bff.client().request('POST', '/logout', { body: '' })).status).toBe(204);
  });

  it('a request in flight during logout does not bring the session back (T06c)', async () => {
    const store = new MemorySessionStore();
    bff = await startTestBff({}, { sessionStore: store });
    const client = bff.client();
    await client.signIn();
    const cookie = client.cookie;
    // A slow request that writes to the session at its end: a code send (pre-auth state).
    bff.connector.mode = 'ok';
    const original = bff.connector.sendPhoneCode.bind(bff.connector);
    let release!: () => void;
    bff.connector.sendPhoneCode = async (input, ctx) => {
      await new Promise<void>((r) => (release = r));
      return original(input, ctx);
    };
    const slow = new Client(bff.api);
    slow.cookie = cookie;
    const inFlight = slow.post('/phone/code', { phone: '+15550002' });
    await new Promise((r) => setTimeout(r, 100));
    expect((await client.post('/logout')).status).toBe(204);
    release();
    expect((await inFlight).status).toBe(202);
    expect(store.size).toBe(0);
    const replay = new Client(bff.api);
    replay.cookie = cookie;
    expect((await replay.get('/session')).body.authenticated).toBe(false);
  });
});

describe('timeouts enforced by the server (C-04, D-03, T07)', () => {
  it('idle timeout: a session unused for idleTimeout is gone', async () => {
    bff = await startTestBff({ session: { secrets: [SECRET_A], idleTimeout: '60s', absoluteTimeout: '180s' } });
    const client = bff.client();
    await client.signIn();
    bff.clock.advance(59_000);
    expect((await client.get('/session')).body.authenticated).toBe(true); // activity resets idle
    bff.clock.advance(59_000);
    expect((await client.get('/session')).body.authenticated).toBe(true);
    bff.clock.advance(61_000);
    expect((await client.get('/session')).body.authenticated).toBe(false);
  });

  it('absolute timeout: activity does not extend the session past absoluteTimeout', async () => {
    bff = await startTestBff({ session: { secrets: [SECRET_A], idleTimeout: '60s', absoluteTimeout: '180s' } });
    const client = bff.client();
    await client.signIn();
    const saved = client.cookie;
    for (let t = 30_000; t < 180_000; t += 30_000) {
      bff.clock.advance(30_000);
      const res = await client.get('/session');
      expect(res.body.authenticated, `at ${t / 1000}s`).toBe(true);
      expect(Date.parse(res.body.expiresAt)).toBeLessThanOrEqual(bff.clock.now - t + 180_000);
    }
    bff.clock.advance(30_000); // 180 s after sign-in
    const client2 = new Client(bff.api);
    client2.cookie = saved; // the cookie itself carries no expiry to tamper with
    expect((await client2.get('/session')).body.authenticated).toBe(false);
  });
});

describe('the session ends with the upstream credential (C-07)', () => {
  it('a token that expires before the BFF timeouts ends the session then, and /session says so', async () => {
    bff = await startTestBff({ session: { secrets: [SECRET_A], idleTimeout: '60s', absoluteTimeout: '180s' } });
    bff.connector.credentialExpiresAt = bff.clock.now + 90_000;
    const client = bff.client();
    await client.signIn();
    bff.clock.advance(50_000);
    const before = await client.get('/session');
    expect(before.body.authenticated).toBe(true);
    expect(Date.parse(before.body.expiresAt)).toBe(bff.connector.credentialExpiresAt);
    bff.clock.advance(45_000); // 95 s: inside both BFF timeouts (activity at 50 s), past the token's end
    expect((await client.get('/session')).body.authenticated).toBe(false);
  });
});

describe('signing-key rotation (H-02)', () => {
  it('a cookie signed with an old secret still verifies and is re-signed with the new one', async () => {
    bff = await startTestBff({ session: { secrets: [SECRET_A] } });
    const store = new MemorySessionStore();
    await bff.close();
    bff = await startTestBff({ session: { secrets: [SECRET_A] } }, { sessionStore: store });
    const client = bff.client();
    await client.signIn();
    const signedWithA = client.cookie;
    await bff.close();

    bff = await startTestBff({ session: { secrets: [SECRET_B, SECRET_A] } }, { sessionStore: store });
    const rotated = new Client(bff.api);
    rotated.cookie = signedWithA;
    const res = await rotated.get('/session');
    expect(res.body.authenticated).toBe(true);
    expect(res.setCookies).toHaveLength(1); // re-signed with B
    expect(idOf(rotated.cookie)).toBe(idOf(signedWithA));
    expect(rotated.cookie).not.toBe(signedWithA);
    await bff.close();

    // Once A is retired, an A-signed cookie is worthless; the B-signed one still works.
    bff = await startTestBff({ session: { secrets: [SECRET_B] } }, { sessionStore: store });
    const stale = new Client(bff.api);
    stale.cookie = signedWithA;
    expect((await stale.get('/session')).body.authenticated).toBe(false);
    const fresh = new Client(bff.api);
    fresh.cookie = rotated.cookie;
    expect((await fresh.get('/session')).body.authenticated).toBe(true);
  });

  it('a tampered signature or id is anonymous', async () => {
    bff = await startTestBff();
    const client = bff.client();
    await client.signIn();
    const [name, value] = client.cookie!.split('=') as [string, string];
    const [id, sig] = value.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const lastChar = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A'); // same bytes or not: refused either way
    for (const forged of [
      `${id}.${flip(sig, 10)}`,
      `${flip(id, 10)}.${sig}`,
      `${id}.${lastChar}`,
      id,
      `${id}.${sig}.x`,
    ]) {
      const other = new Client(bff.api);
      other.cookie = `${name}=${forged}`;
      expect((await other.get('/session')).body.authenticated).toBe(false);
    }
  });
});

describe('revoke all sessions of a user (C-06, T06d)', () => {
  it('ends every session of that user and no other', async () => {
    bff = await startTestBff();
    const alices = [bff.client(), bff.client(), bff.client()];
    for (const c of alices) await c.signIn();
    const bob = bff.client();
    await bob.post('/token', { token: 'good-token' });
    expect(await bff.bff.revokeUser('alice')).toBe(3);
    for (const c of alices) expect((await c.get('/session')).body.authenticated).toBe(false);
    expect((await bob.get('/session')).body.user.id).toBe('bob');
  });
});

describe('pre-auth state (B-01, B-03)', () => {
  it('a pre-auth session (code sent, no sign-in) lives at most 10 minutes, whatever the idle timeout', async () => {
    bff = await startTestBff({ session: { secrets: [SECRET_A], idleTimeout: '30m', absoluteTimeout: '12h' } });
    const client = bff.client();
    expect((await client.post('/phone/code', { phone: '+15550009' })).status).toBe(202);
    bff.clock.advance(9 * 60_000);
    await client.get('/session'); // activity does not extend it
    bff.clock.advance(61_000);
    const res = await client.post('/phone', { phone: '+15550009', code: '123456' });
    expect(res.status).toBe(401); // the moving factor is gone with the pre-auth session
    expect(bff.connector.calls.at(-1)?.state).toBeUndefined();
  });
});
