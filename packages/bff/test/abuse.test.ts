/**
 * Abuse resistance (docs/security.md A-01..A-05, A-10, A-11, B-06): what an attacker with curl
 * can make the upstream do, through the real HTTP API and real sockets, against the simulators
 * (in-process, port 0). Each scenario counts what REACHED the upstream (the simulator's recorded
 * calls and outbox) and then checks that the legitimate user still gets in.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startAuthingSimulator,
  startOpenIamSimulator,
  type RunningAuthingSimulator,
  type RunningSimulator,
} from '@auth-login/simulators';
import { baseConfig, startBff, type RunningBff } from './support/bff-harness.js';
import { startRedisServer, type RedisServerHandle } from './support/redis-server.mjs';

const ORIGIN = 'http://localhost:5173';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function authing(options: Parameters<typeof startAuthingSimulator>[0] = {}): Promise<RunningAuthingSimulator> {
  const sim = await startAuthingSimulator({ port: 0, ...options });
  open.push(sim);
  return sim;
}
async function openiam(options: Parameters<typeof startOpenIamSimulator>[0] = {}): Promise<RunningSimulator> {
  const sim = await startOpenIamSimulator({ port: 0, ...options });
  open.push(sim);
  return sim;
}
async function bff(config: Record<string, unknown>, throttleDelayMs = 1): Promise<RunningBff> {
  const running = await startBff(baseConfig(config), { throttleDelayMs });
  open.push(running);
  return running;
}
const authingConnector = (sim: RunningAuthingSimulator) => ({
  type: 'authing',
  appHost: sim.url,
  appId: sim.appId,
  timeout: '3s',
});
const openiamConnector = (sim: RunningSimulator) => ({
  type: 'openiam',
  url: sim.url,
  timeout: '3s',
  addresses: { trustUpstream: true },
});

/** Password logins (GraphQL) the Authing simulator received. */
const logins = (sim: RunningSimulator) => sim.calls.filter((c) => c.kind.startsWith('POST /graphql/v2 login')).length;
const smsSends = (sim: RunningSimulator, kind: RegExp) => sim.calls.filter((c) => kind.test(c.kind)).length;

interface Reply {
  status: number;
  body: string;
  ms: number;
}

/**
 * A browser at `localAddress` (another loopback address = another client IP, as the BFF sees the
 * socket): node:http with the source address bound, the session cookie kept.
 */
function browserAt(localAddress: string) {
  let cookie = '';
  return {
    post(url: string, body: unknown): Promise<Reply> {
      const json = JSON.stringify(body);
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            localAddress,
            agent: false,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(json),
              'X-CSRF': '1',
              Origin: ORIGIN,
              ...(cookie ? { Cookie: cookie } : {}),
            },
            timeout: 10_000,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              for (const set of res.headers['set-cookie'] ?? []) cookie = set.split(';')[0]!;
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString(),
                ms: performance.now() - started,
              });
            });
          },
        );
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end(json);
      });
    },
  };
}

/**
 * Sends one POST on a raw socket and closes the socket as soon as the upstream has received the
 * forwarded call (`reached()` grows), i.e. a client that gives up mid-call. Answers what happened.
 */
async function postAndDrop(
  port: number,
  path: string,
  body: unknown,
  reached: () => number,
  headers: Record<string, string> = {},
): Promise<'dropped' | 'answered' | 'nothing'> {
  const before = reached();
  const json = JSON.stringify(body);
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${ORIGIN}\r\nX-CSRF: 1\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n${extra.join('')}\r\n${json}`,
  );
  let answered = false;
  socket.once('data', () => (answered = true));
  const started = Date.now();
  while (Date.now() - started < 1_500) {
    if (answered) break;
    if (reached() > before) {
      await sleep(20); // the BFF is now waiting on the upstream
      socket.destroy();
      return 'dropped';
    }
    await sleep(5);
  }
  socket.destroy();
  return answered ? 'answered' : 'nothing';
}

describe('a client that drops the connection does not get its attempt back (A-04)', () => {
  it('code sends: ten sends to one number, each dropped mid-call, reach the upstream once (resendAfter 2s)', async () => {
    const sim = await openiam({ slowMs: 400 });
    sim.setScenario('slow');
    const app = await bff({
      methods: { phone: { connector: 'iam' } },
      connectors: { iam: openiamConnector(sim) },
      limits: { codeSend: { perDestination: 3, perIp: 100, window: '15m', resendAfter: '2s' } },
    });
    const sent = () => smsSends(sim, /sendSMS|sms/i);
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++)
      outcomes.push(await postAndDrop(app.port, '/auth/phone/code', { phone: '+15551234567' }, sent));
    await sleep(600); // every call still in flight ends server-side
    expect(outcomes[0]).toBe('dropped');
    expect(sent()).toBe(1); // the upstream saw ONE send, not ten
    expect(sim.outbox.filter((m) => m.to === '+15551234567')).toHaveLength(1);

    // The owner of the number, once the resend delay is over: a code, and in.
    sim.setScenario('ok');
    await sleep(2_000);
    const owner = browserAt('127.0.0.3');
    expect((await owner.post(`${app.url}/auth/phone/code`, { phone: '+15551234567' })).status).toBe(202);
    const code = sim.outbox.at(-1)!.code;
    expect((await owner.post(`${app.url}/auth/phone`, { phone: '+15551234567', code })).status).toBe(200);
  }, 20_000);

  it('passwords: ten wrong passwords, each dropped mid-call, reach the upstream at most perAccount times', async () => {
    const sim = await authing({ slowMs: 300 });
    const app = await bff({
      methods: { password: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: { perAccount: { failures: 3, window: '15m', lock: '15m' } },
    });
    // Warm the connector's password key so that every later call is a login.
    expect(
      (await browserAt('127.0.0.9').post(`${app.url}/auth/password`, { identifier: 'nobody', password: 'x' })).status,
    ).toBe(401);
    sim.setScenario('slow');
    const before = logins(sim);
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++)
      outcomes.push(
        await postAndDrop(app.port, '/auth/password', { identifier: 'grace', password: `guess-${i}` }, () =>
          logins(sim),
        ),
      );
    await sleep(500);
    expect(outcomes.filter((o) => o === 'dropped')).toHaveLength(3);
    expect(logins(sim) - before).toBe(3);

    // The owner, from their own address: in.
    sim.setScenario('ok');
    const owner = browserAt('127.0.0.3');
    const res = await owner.post(`${app.url}/auth/password`, { identifier: 'grace', password: 'authing-password2' });
    expect(res.status).toBe(200);
  }, 20_000);
});

describe('one identity, many spellings: one bucket (A-01, B-06)', () => {
  it('OpenIAM: +1 555 123 4567 in five spellings is one destination; a code sent to one spelling signs in with another', async () => {
    const sim = await openiam();
    const app = await bff({
      methods: { phone: { connector: 'iam' } },
      connectors: { iam: openiamConnector(sim) },
      limits: { codeSend: { perDestination: 3, perIp: 100, window: '15m', resendAfter: '1ms' } },
    });
    const spellings = ['+15551234567', '+1 555 123 4567', '+1-555-123-4567', '+1 (555) 123-4567', '5551234567'];
    const attacker = browserAt('127.0.0.2');
    const statuses: number[] = [];
    for (let round = 0; round < 2; round++)
      for (const phone of spellings) {
        statuses.push((await attacker.post(`${app.url}/auth/phone/code`, { phone })).status);
        await sleep(5);
      }
    expect(sim.outbox.filter((m) => m.to === '+15551234567')).toHaveLength(3);
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('OpenIAM: the owner signs in with a code sent to another spelling of the number', async () => {
    const sim = await openiam();
    const app = await bff({
      methods: { phone: { connector: 'iam' } },
      connectors: { iam: openiamConnector(sim) },
    });
    const owner = browserAt('127.0.0.3');
    expect((await owner.post(`${app.url}/auth/phone/code`, { phone: '+1 (555) 123-4567' })).status).toBe(202);
    const code = sim.outbox.at(-1)!.code;
    expect((await owner.post(`${app.url}/auth/phone`, { phone: '+15551234567', code })).status).toBe(200);
  });

  it('Authing: 13800138000 typed four ways is one account for the password limit', async () => {
    const sim = await authing();
    const app = await bff({
      methods: { password: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: { perAccount: { failures: 3, window: '15m', lock: '15m' } },
    });
    const spellings = ['13800138000', '138-0013-8000', '1 3 8 0 0 1 3 8 0 0 0', '+8613800138000', '+86 138 0013 8000'];
    const attacker = browserAt('127.0.0.2');
    await attacker.post(`${app.url}/auth/password`, { identifier: 'warm-up', password: 'x' }); // fetches the key
    const before = logins(sim);
    const statuses: number[] = [];
    for (const identifier of [...spellings, ...spellings])
      statuses.push((await attacker.post(`${app.url}/auth/password`, { identifier, password: 'wrong' })).status);
    expect(logins(sim) - before).toBe(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // The owner, from another address, in another spelling.
    const owner = browserAt('127.0.0.3');
    const res = await owner.post(`${app.url}/auth/password`, {
      identifier: '138 0013 8000',
      password: 'authing-password1',
    });
    expect(res.status).toBe(200);
  });

  it('Authing: SMS codes to one number in four spellings count as one destination', async () => {
    const sim = await authing();
    const app = await bff({
      methods: { phone: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: { codeSend: { perDestination: 2, perIp: 100, window: '15m', resendAfter: '1ms' } },
    });
    const attacker = browserAt('127.0.0.2');
    for (const phone of ['13700137000', '137-0013-7000', '+8613700137000', '+86 137 0013 7000']) {
      await attacker.post(`${app.url}/auth/phone/code`, { phone });
      await sleep(5);
    }
    expect(smsSends(sim, /sms\/send/)).toBe(2);
    expect(sim.outbox).toHaveLength(2);
  });
});

describe('nobody locks the owner out (A-01, A-02)', () => {
  it("a stranger's wrong passwords lock the stranger, not the owner on another address", async () => {
    const sim = await authing();
    const app = await bff({
      methods: { password: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: { perAccount: { failures: 5, window: '15m', lock: '15m' } },
    });
    const stranger = browserAt('127.0.0.2');
    await stranger.post(`${app.url}/auth/password`, { identifier: 'warm-up', password: 'x' });
    const before = logins(sim);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await stranger.post(`${app.url}/auth/password`, { identifier: 'ada', password: `g${i}` })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(logins(sim) - before).toBe(5);
    const owner = browserAt('127.0.0.3');
    expect(
      (await owner.post(`${app.url}/auth/password`, { identifier: 'ada', password: 'authing-password1' })).status,
    ).toBe(200);
  });

  it('one account guessed from many addresses: the upstream sees at most the ceiling; the owner still gets in', async () => {
    const sim = await authing();
    const app = await bff({
      methods: { password: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: {
        perAccount: { failures: 5, window: '15m', lock: '15m' },
        accountCeiling: { failures: 6, window: '15m' },
      },
    });
    const owner = browserAt('127.0.0.3');
    expect(
      (await owner.post(`${app.url}/auth/password`, { identifier: 'ada', password: 'authing-password1' })).status,
    ).toBe(200);
    const before = logins(sim);
    const statuses: number[] = [];
    for (let i = 10; i < 40; i++) {
      const guesser = browserAt(`127.0.1.${i}`);
      statuses.push((await guesser.post(`${app.url}/auth/password`, { identifier: 'ada', password: `g${i}` })).status);
    }
    expect(logins(sim) - before).toBe(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(24);
    // The owner's address signed in before: still let through, within its own limit.
    const again = browserAt('127.0.0.3');
    expect(
      (await again.post(`${app.url}/auth/password`, { identifier: 'ada', password: 'authing-password1' })).status,
    ).toBe(200);
  }, 20_000);

  it('IPv6 rotation inside one /64 (behind the trusted proxy) is one client; another /64 is another', async () => {
    const sim = await authing();
    const app = await bff({
      trustProxy: true, // the loopback hop is the proxy; X-Forwarded-For carries the client's IPv6
      methods: { password: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: { perAccount: { failures: 3, window: '15m', lock: '15m' } },
    });
    const viaProxy = (client: string, body: unknown) =>
      fetch(`${app.url}/auth/password`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF': '1', Origin: ORIGIN, 'X-Forwarded-For': client },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    await viaProxy('2001:db8:ffff::1', { identifier: 'warm-up', password: 'x' });
    const before = logins(sim);
    const statuses: number[] = [];
    for (let i = 1; i <= 20; i++)
      statuses.push(await viaProxy(`2001:db8:1:2:${i.toString(16)}::${i}`, { identifier: 'grace', password: `g${i}` }));
    expect(logins(sim) - before).toBe(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    // Another /64: the owner's network.
    expect(await viaProxy('2001:db8:1:3::5', { identifier: 'grace', password: 'authing-password2' })).toBe(200);
  });
});

describe('Redis-backed limits across two instances (A-03)', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('a stranger alternating between two BFFs gets perAccount upstream checks in total; the owner gets in', async () => {
    const sim = await authing();
    const config = {
      session: { store: { redis: redis.url } },
      methods: { password: { connector: 'au' }, phone: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: {
        perAccount: { failures: 4, window: '15m', lock: '15m' },
        codeSend: { perDestination: 2, perIp: 100, window: '15m', resendAfter: '1s' },
      },
    };
    const a = await bff(config);
    const b = await bff(config);
    const stranger = browserAt('127.0.0.2');
    await stranger.post(`${a.url}/auth/password`, { identifier: 'warm-up', password: 'x' });
    await stranger.post(`${b.url}/auth/password`, { identifier: 'warm-up', password: 'x' });
    const before = logins(sim);
    for (let i = 0; i < 12; i++)
      await stranger.post(`${(i % 2 ? a : b).url}/auth/password`, { identifier: 'GRACE', password: `g${i}` });
    expect(logins(sim) - before).toBe(4);
    // Code sends to one number in two spellings, through both instances: one send per resend delay.
    for (let i = 0; i < 6; i++)
      await stranger.post(`${(i % 2 ? a : b).url}/auth/phone/code`, {
        phone: i % 2 ? '13700137000' : '+86 137-0013-7000',
      });
    expect(sim.outbox).toHaveLength(1);

    const owner = browserAt('127.0.0.3');
    expect(
      (await owner.post(`${b.url}/auth/password`, { identifier: 'grace', password: 'authing-password2' })).status,
    ).toBe(200);
  }, 20_000);
});

describe('refusals take the same time for known and unknown accounts (A-05)', () => {
  it('429 (throttle) and 400 (validation) answers do not depend on whether the account exists', async () => {
    const sim = await authing();
    const app = await bff({
      methods: { password: { connector: 'au' } },
      connectors: { au: authingConnector(sim) },
      limits: { perAccount: { failures: 1, window: '15m', lock: '15m' } },
    });
    const client = browserAt('127.0.0.2');
    // One failure each locks both: `ada` exists, `nobody-here` does not.
    for (const identifier of ['ada', 'nobody-here'])
      expect((await client.post(`${app.url}/auth/password`, { identifier, password: 'wrong' })).status).toBe(401);
    const before = logins(sim);
    const times: Record<string, number[]> = { known429: [], unknown429: [], known400: [], unknown400: [] };
    for (let i = 0; i < 40; i++) {
      for (const [name, identifier] of [
        ['known', 'ada'],
        ['unknown', 'nobody-here'],
      ] as const) {
        const refused = await client.post(`${app.url}/auth/password`, { identifier, password: 'wrong' });
        expect(refused.status).toBe(429);
        times[`${name}429`]!.push(refused.ms);
        const invalid = await client.post(`${app.url}/auth/password`, { identifier, password: '' });
        expect(invalid.status).toBe(400);
        times[`${name}400`]!.push(invalid.ms);
      }
    }
    expect(logins(sim)).toBe(before); // decided by the BFF alone
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    for (const kind of ['429', '400']) {
      const known = median(times[`known${kind}`]!);
      const unknown = median(times[`unknown${kind}`]!);
      // Unknown accounts are never answered faster: same code path, no lookup (a few ms of noise allowed).
      expect(Math.abs(known - unknown)).toBeLessThan(Math.max(3, known * 0.5));
    }
  }, 30_000);
});
