/**
 * Throttling over real HTTP (docs/security.md, B-06; T08, T09, T11, T12).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseLog, PASSWORD, SECRET_A, startTestBff, type ReplyBody, type TestBff } from '../app.test-kit.js';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

const limits = (perAccount: number, perIp: number, lock = '15m') => ({
  limits: {
    perAccount: { failures: perAccount, window: '15m', lock },
    perIp: { failures: perIp, window: '15m', lock },
  },
});

describe('per account (A-01, T08)', () => {
  it('counts before the upstream: after T failures, 429 + Retry-After, the right password too, upstream untouched', async () => {
    bff = await startTestBff(limits(3, 100));
    const client = bff.client();
    for (let i = 0; i < 3; i++) expect((await client.signIn('wrong')).status).toBe(401);
    const locked = await client.signIn('wrong');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800); // ~15 min lock
    const right = await client.signIn(PASSWORD);
    expect(right.status).toBe(429);
    expect(right.setCookies).toEqual([]);
    expect(bff.connector.count('password')).toBe(3); // ≤ T upstream verify calls
    // The account is locked from every IP-independent angle: case variants too.
    expect((await client.signIn(PASSWORD, 'ALICE')).status).toBe(429);
    expect(bff.logs.some((l) => l.includes('"audit":"signin.locked"'))).toBe(true);
  });

  it('a burst of concurrent attempts cannot get more than T past the count', async () => {
    bff = await startTestBff(limits(5, 100));
    const results = await Promise.all(Array.from({ length: 30 }, () => bff!.client().signIn('wrong')));
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(25);
    expect(bff.connector.count('password')).toBe(5);
  });

  it('slows attempts down with a growing delay before the lock', async () => {
    bff = await startTestBff(limits(6, 100), { throttleDelayMs: 60 });
    const client = bff.client();
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      await client.signIn('wrong');
      times.push(performance.now() - started);
    }
    // attempts 1-2 undelayed; then 60, 120, 240, 480 ms
    expect(times[5]!).toBeGreaterThan(450);
    expect(times[4]!).toBeGreaterThan(220);
    expect(times[5]! - times[1]!).toBeGreaterThan(350); // attempt 2 had no delay
  });

  it('a success clears the account counter; the lock lifts after `lock`', async () => {
    bff = await startTestBff(limits(2, 100, '1s'));
    const client = bff.client();
    await client.signIn('wrong');
    expect((await client.signIn()).status).toBe(200);
    await client.signIn('wrong');
    await client.signIn('wrong');
    expect((await client.signIn()).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await client.signIn()).status).toBe(200);
  });

  it('a refused connect does not count against the account (nobody is locked out by an outage)', async () => {
    bff = await startTestBff(limits(2, 100));
    bff.connector.mode = 'unavailable'; // ECONNREFUSED: nothing was sent (UpstreamError.notSent)
    for (let i = 0; i < 4; i++) expect((await bff.client().signIn()).status).toBe(503);
    bff.connector.mode = 'ok';
    expect((await bff.client().signIn()).status).toBe(200);
  });

  it('a fault after the request may have reached the upstream still counts (A-04)', async () => {
    bff = await startTestBff(limits(2, 100));
    bff.connector.mode = 'garbage'; // an answer came back: the upstream saw the attempt
    for (let i = 0; i < 2; i++) expect((await bff.client().signIn('wrong')).status).toBe(502);
    expect((await bff.client().signIn('wrong')).status).toBe(429);
    expect(bff.connector.count('password')).toBe(2);
  });
});

describe('per IP, and a forged X-Forwarded-For (A-02, T09)', () => {
  it('trustProxy false: spraying many accounts trips the per-IP limit; forged headers change nothing', async () => {
    bff = await startTestBff(limits(5, 10));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await bff.client().request('POST', '/password', {
        json: { identifier: `user${i}`, password: 'x' },
        headers: { 'X-Forwarded-For': `203.0.113.${i}`, 'X-Real-IP': `198.51.100.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(bff.connector.count('password')).toBe(10);
    const logged = bff.logs
      .map(parseLog)
      .filter((l) => l.audit === 'signin.failure')
      .map((l) => l.ip);
    expect(new Set(logged)).toEqual(new Set(['127.0.0.1']));
  });

  it('trustProxy true: the rightmost X-Forwarded-For entry (set by the proxy) is the client', async () => {
    bff = await startTestBff({ ...limits(5, 3), trustProxy: true });
    const from = (ip: string, forged = '6.6.6.6') =>
      bff!.client().request('POST', '/password', {
        json: { identifier: `u-${ip}-${Math.random()}`, password: 'x' },
        headers: { 'X-Forwarded-For': `${forged}, ${ip}` },
      });
    for (let i = 0; i < 3; i++) expect((await from('192.0.2.1', `10.0.0.${i}`)).status).toBe(401);
    expect((await from('192.0.2.1', '10.9.9.9')).status).toBe(429); // a new forged left part does not help
    expect((await from('192.0.2.2')).status).toBe(401); // another real client is not affected
  });
});

describe('no enumeration (A-05, T12)', () => {
  it('unknown user and wrong password look the same: status, body, header names, cookies', async () => {
    bff = await startTestBff(limits(50, 100));
    const shape = async (identifier: string) => {
      const res = await bff!.client().signIn('wrong', identifier);
      const names = [...res.headers.keys()].filter((h) => !['date', 'x-request-id'].includes(h)).sort();
      return { status: res.status, body: res.text, names, cookies: res.setCookies.length };
    };
    const wrongPassword = await shape('alice');
    const unknownUser = await shape('nobody-here');
    expect(unknownUser).toEqual(wrongPassword);
    expect(wrongPassword.status).toBe(401);
    expect((JSON.parse(wrongPassword.body) as ReplyBody).error.code).toBe('invalid_credentials');
  });

  it('an unknown account is locked exactly like a known one', async () => {
    bff = await startTestBff(limits(2, 100));
    const run = async (who: string) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await bff!.client().signIn('wrong', who)).status);
      return out;
    };
    expect(await run('nobody')).toEqual(await run('alice'));
  });
});

describe('code sends (B-06, T11)', () => {
  const codeConfig = (perDestination: number, perIp: number, resendAfter = '30s') => ({
    session: { secrets: [SECRET_A] },
    limits: { codeSend: { perDestination, perIp, window: '15m', resendAfter } },
  });

  it('202 {resendAfterSeconds}; a resend inside the cooldown is 429 + Retry-After', async () => {
    bff = await startTestBff(codeConfig(5, 20));
    const first = await bff.client().post('/phone/code', { phone: '+15550123' });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ resendAfterSeconds: 30 });
    const again = await bff.client().post('/phone/code', { phone: '+15550123' });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(25);
    expect(bff.connector.count('sendPhoneCode')).toBe(1);
    expect((await bff.client().get('/config')).body.methods).toContainEqual({ id: 'phone', resendAfterSeconds: 30 });
  });

  it('limits sends per destination and per IP', async () => {
    bff = await startTestBff(codeConfig(2, 4, '100ms'));
    const send = (phone: string) => bff!.client().post('/phone/code', { phone });
    expect((await send('+1555000')).status).toBe(202);
    await new Promise((r) => setTimeout(r, 150));
    expect((await send('+1555000')).status).toBe(202);
    await new Promise((r) => setTimeout(r, 150));
    expect((await send('+1555000')).status).toBe(429); // per destination
    expect((await send('+1555001')).status).toBe(202);
    expect((await send('+1555002')).status).toBe(202);
    expect((await send('+1555003')).status).toBe(429); // per IP: 4 sends; the refusal above did not count
    expect(bff.connector.count('sendPhoneCode')).toBe(4);
  });
});
