/**
 * Timing masking (security/response-floor.ts, docs/security.md A-05), over real HTTP against an
 * in-test connector that answers like an upstream with a password hash: a known account's wrong
 * password (and a code actually delivered) takes ~60 ms, an unknown one ~2 ms.
 *
 * Behaviour, not a benchmark: medians of 30 interleaved samples per class, compared with wide
 * margins (a loaded 2-core machine moves single samples by tens of ms, medians far less).
 */
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext, VerifyOutcome } from '../connectors/connector.js';
import { FakeConnector, PASSWORD, startTestBff, type TestBff } from '../app.test-kit.js';
import { FLOOR_SAMPLES, ResponseFloor } from './response-floor.js';

const SLOW_MS = 60;
const FAST_MS = 2;
const N = 30;

/** Known accounts (`user-*`, alice) hash the password (slow); unknown ones are refused at once. */
class HashingConnector extends FakeConnector {
  override async password(input: { identifier: string; password: string }, ctx: CallContext): Promise<VerifyOutcome> {
    const known = input.identifier === 'alice' || input.identifier.startsWith('user-');
    await sleep(known ? SLOW_MS : FAST_MS);
    return super.password(input, ctx);
  }

  /** Numbers ending in 0 belong to an account: the code goes out (slow); others are not delivered. */
  override async sendPhoneCode(input: { phone: string }, ctx: CallContext) {
    const known = input.phone.endsWith('0');
    await sleep(known ? SLOW_MS : FAST_MS);
    const sent = await super.sendPhoneCode(input, ctx);
    return known ? sent : { ...sent, delivered: false };
  }
}

const open: TestBff[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

const LIMITS = {
  perAccount: { failures: 100 },
  perIp: { failures: 100 },
  accountCeiling: { failures: 1000 },
  codeSend: { perDestination: 100, perIp: 1000, resendAfter: '1ms' },
};

async function bff(responseFloor: Record<string, unknown> = {}): Promise<TestBff> {
  const b = await startTestBff({ limits: { ...LIMITS, responseFloor } }, { connector: new HashingConnector() });
  open.push(b);
  return b;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { ms: performance.now() - t0, value };
}

/** N wrong passwords for known accounts and N for unknown ones, interleaved: the two medians. */
async function passwordClasses(b: TestBff, tag: string): Promise<{ known: number; unknown: number }> {
  const known: number[] = [];
  const unknown: number[] = [];
  const client = b.client();
  for (let i = 0; i < N; i++) {
    for (const [who, into] of [
      [`user-${tag}-${i}`, known],
      [`nobody-${tag}-${i}`, unknown],
    ] as const) {
      const r = await timed(() => client.signIn('wrong-password', who));
      expect(r.value.status).toBe(401);
      expect(r.value.body.error.code).toBe('invalid_credentials');
      into.push(r.ms);
    }
  }
  return { known: median(known), unknown: median(unknown) };
}

describe('ResponseFloor (the estimate)', () => {
  const settings = { enabled: true, min: 10, max: 500, jitter: 0 };

  it('is min before any sample, then the p95 of the recent durations, within [min, max]', () => {
    const floor = new ResponseFloor(settings);
    expect(floor.floorMs('k')).toBe(10);
    for (let i = 1; i <= 100; i++) floor.record('k', 'refused', i);
    expect(floor.floorMs('k')).toBe(95);
    floor.record('k', 'through', 5_000);
    expect(floor.floorMs('k')).toBe(500);
    expect(floor.floorMs('other')).toBe(10);
  });

  it('keeps the last samples only, and fast refusals cannot drag it below the accounts’ own path', () => {
    const floor = new ResponseFloor(settings);
    for (let i = 0; i < 20; i++) floor.record('k', 'through', 80);
    // A flood of unknown users (3 ms each) fills the refused ring only.
    for (let i = 0; i < 10 * FLOOR_SAMPLES; i++) floor.record('k', 'refused', 3);
    expect(floor.floorMs('k')).toBe(80);
    // Without the through ring the old slow refusals age out of the ring.
    const other = new ResponseFloor(settings);
    for (let i = 0; i < 20; i++) other.record('k', 'refused', 80);
    for (let i = 0; i < FLOOR_SAMPLES; i++) other.record('k', 'refused', 3);
    expect(other.floorMs('k')).toBe(10);
  });
});

describe('timing masking over HTTP (A-05)', () => {
  it('without it, a known account’s wrong password is visibly slower; with it, the medians match', async () => {
    const off = await bff({ enabled: false });
    const bare = await passwordClasses(off, 'off');
    const on = await bff(); // the defaults: min 0ms, max 2s, jitter 5ms
    await on.client().signIn('wrong-password', 'user-warm'); // the estimate's first sample
    const masked = await passwordClasses(on, 'on');
    console.info(
      `median ms — unmasked: known ${bare.known.toFixed(1)}, unknown ${bare.unknown.toFixed(1)}; ` +
        `masked: known ${masked.known.toFixed(1)}, unknown ${masked.unknown.toFixed(1)}`,
    );
    expect(bare.known - bare.unknown).toBeGreaterThan(35);
    expect(Math.abs(masked.known - masked.unknown)).toBeLessThan(20);
    // The unknown account's refusals are the ones held: up to about the slow path.
    expect(masked.unknown).toBeGreaterThan(SLOW_MS - 5);
    // No extra upstream call: one per attempt.
    expect(on.connector.count('password')).toBe(2 * N + 1);
    expect(off.connector.count('password')).toBe(2 * N);
  });

  it('a code send to an unknown number takes as long as a delivered one (same 202)', async () => {
    const b = await bff();
    const client = b.client();
    await client.post('/phone/code', { phone: '+33612345670' }); // warm-up: one delivered code
    const delivered: number[] = [];
    const undelivered: number[] = [];
    for (let i = 0; i < N; i++) {
      for (const [phone, into] of [
        [`+3361234${String(i).padStart(3, '0')}0`, delivered],
        [`+3361235${String(i).padStart(3, '0')}1`, undelivered],
      ] as const) {
        const r = await timed(() => client.post('/phone/code', { phone }));
        expect(r.value.status).toBe(202);
        into.push(r.ms);
      }
    }
    const [d, u] = [median(delivered), median(undelivered)];
    console.info(`median ms — code send delivered ${d.toFixed(1)}, not delivered ${u.toFixed(1)}`);
    expect(Math.abs(d - u)).toBeLessThan(20);
    expect(u).toBeGreaterThan(SLOW_MS - 5);
    expect(b.connector.count('sendPhoneCode')).toBe(2 * N + 1);
  });

  it('a successful sign-in is not held; a refusal is', async () => {
    const b = await bff({ min: '400ms', max: '400ms', jitter: '0ms' });
    const refused = await timed(() => b.client().signIn('wrong-password', 'nobody'));
    expect(refused.value.status).toBe(401);
    expect(refused.ms).toBeGreaterThanOrEqual(395);
    const ok = await timed(() => b.client().signIn(PASSWORD, 'alice'));
    expect(ok.value.status).toBe(200);
    expect(ok.ms).toBeLessThan(300); // ~60 ms of "hash", never the 400 ms floor
  });

  it('the BFF’s own 429 is not held (no upstream call, the same for every account)', async () => {
    const b = await startTestBff(
      { limits: { perAccount: { failures: 1 }, responseFloor: { min: '400ms', max: '400ms', jitter: '0ms' } } },
      { connector: new HashingConnector() },
    );
    open.push(b);
    for (const who of ['nobody', 'user-1']) {
      const first = await timed(() => b.client().signIn('wrong-password', who));
      expect(first.value.status).toBe(401);
      expect(first.ms).toBeGreaterThanOrEqual(395);
      const refused = await timed(() => b.client().signIn('wrong-password', who));
      expect(refused.value.status).toBe(429);
      expect(refused.ms).toBeLessThan(300);
    }
    expect(b.connector.count('password')).toBe(2);
  });

  it('a client that disconnects frees the wait; closing the BFF ends the waits too', async () => {
    const b = await bff({ min: '5s', max: '5s', jitter: '0ms' });
    const url = new URL(`${b.api}/password`);
    const body = JSON.stringify({ identifier: 'nobody', password: 'wrong-password' });
    const req = request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF': '1', 'Content-Length': Buffer.byteLength(body) },
    });
    req.on('error', () => undefined);
    req.end(body);
    await sleep(300); // the upstream answered (2 ms): the BFF now holds the refusal
    expect(b.connector.count('password')).toBe(1);
    const aborted = performance.now();
    req.destroy();
    // The request ends (its access-log line is written) long before the 5 s floor.
    const deadline = aborted + 2_000;
    let line: string | undefined;
    while (
      !(line = b.logs.find((l) => l.includes('"msg":"request"') && l.includes('/password'))) &&
      performance.now() < deadline
    )
      await sleep(20);
    expect(line).toBeDefined();
    expect((JSON.parse(line!) as { ms: number }).ms).toBeLessThan(2_000);

    // A held refusal while the BFF closes: answered at once, not after 5 s.
    const pending = timed(() => b.client().signIn('wrong-password', 'nobody-2'));
    await sleep(300);
    await b.bff.close();
    const r = await pending;
    expect(r.value.status).toBe(401);
    expect(r.ms).toBeLessThan(2_000);
  });
});
