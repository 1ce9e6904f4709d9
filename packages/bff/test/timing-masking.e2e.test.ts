/**
 * Timing masking end to end (docs/security.md A-05, T12 (ii)): the BFF's Authing connector over
 * real sockets to the Authing simulator, through a loopback relay that adds the cost of a password
 * hash (60 ms) to every answer except "user does not exist" (2004), like an upstream that only
 * hashes for known accounts. Wrong passwords for known and unknown accounts: the same 401, and
 * without masking their times differ by the hash; with it (the defaults), they do not.
 */
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authingDemoAccounts,
  startAuthingSimulator,
  type AuthingAccount,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import { Browser, baseConfig, startBff, type RunningBff } from './support/bff-harness.js';

const HASH_MS = 60;
const N = 30;
const KNOWN: AuthingAccount[] = Array.from({ length: 2 * N + 2 }, (_, i) => ({
  identifier: `user${i}@example.com`,
  secret: 'right-password-1',
  note: 'timing test account',
  id: `5f9d0a1b2c3d4e5f6a7b${String(i).padStart(4, '0')}`,
  email: `user${i}@example.com`,
  password: 'right-password-1',
}));

let sim: RunningAuthingSimulator;
let relay: Server;
let relayUrl: string;
const open: RunningBff[] = [];

beforeAll(async () => {
  sim = await startAuthingSimulator({
    appId: 'APP1',
    userPoolId: 'POOL1',
    accounts: [...authingDemoAccounts, ...KNOWN],
  });
  const target = new URL(sim.url);
  relay = createServer((req, res) => {
    const up = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const unknownUser = /"code"\s*:\s*2004\b/.test(body.toString());
          setTimeout(
            () => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(body);
            },
            unknownUser ? 0 : HASH_MS,
          );
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});
afterAll(async () => {
  relay.closeAllConnections();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  await sim.close();
});

async function bff(responseFloor: Record<string, unknown>): Promise<RunningBff> {
  const b = await startBff(
    baseConfig({
      methods: { password: { connector: 'au' } },
      limits: {
        perIp: { failures: 100 },
        perAccount: { failures: 100 },
        accountCeiling: { failures: 1000 },
        responseFloor,
      },
      connectors: {
        au: {
          type: 'authing',
          appHost: relayUrl,
          appId: 'APP1',
          userPoolId: 'POOL1',
          publicKey: sim.publicKeyPem,
          timeout: '2s',
        },
      },
    }),
    { throttleDelayMs: 1 },
  );
  open.push(b);
  return b;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};
const loginCalls = () => sim.calls.filter((c) => c.kind.includes('login')).length;

/** N wrong passwords for (distinct) known accounts and N for unknown ones, interleaved. */
async function classes(b: RunningBff, offset: number): Promise<{ known: number; unknown: number }> {
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < N; i++) {
    for (const [identifier, into] of [
      [`user${offset + i}@example.com`, known],
      [`nobody${offset + i}@example.com`, unknown],
    ] as const) {
      const r = await new Browser().post(`${b.url}/auth/password`, { identifier, password: 'wrong-password-1' });
      expect(r.status).toBe(401);
      expect((r.body as { error: { code: string } }).error.code).toBe('invalid_credentials');
      into.push(r.ms);
    }
  }
  return { known: median(known), unknown: median(unknown) };
}

describe('timing masking against the Authing simulator (A-05)', () => {
  it('unmasked the hash shows; masked the medians match; a success is not held; no extra upstream call', async () => {
    const off = await bff({ enabled: false });
    const bare = await classes(off, 0);

    const on = await bff({}); // the defaults
    const before = loginCalls();
    // A real user signs in first (the estimate's first sample; the answer is not held).
    const ok = await new Browser().post(`${on.url}/auth/password`, {
      identifier: `user${2 * N}@example.com`,
      password: 'right-password-1',
    });
    expect(ok.status).toBe(200);
    const masked = await classes(on, N);
    console.info(
      `Authing simulator, median ms — unmasked: known ${bare.known.toFixed(1)}, unknown ${bare.unknown.toFixed(1)}; ` +
        `masked: known ${masked.known.toFixed(1)}, unknown ${masked.unknown.toFixed(1)}; first success ${ok.ms.toFixed(1)}`,
    );
    expect(bare.known - bare.unknown).toBeGreaterThan(35);
    expect(Math.abs(masked.known - masked.unknown)).toBeLessThan(20);
    expect(masked.unknown).toBeGreaterThan(HASH_MS - 5);
    expect(loginCalls() - before).toBe(2 * N + 1);

    // A success after warm-up is still not held: well under a floor of 1.5 s.
    const held = await bff({ min: '1500ms', max: '1500ms' });
    const fast = await new Browser().post(`${held.url}/auth/password`, {
      identifier: `user${2 * N + 1}@example.com`,
      password: 'right-password-1',
    });
    expect(fast.status).toBe(200);
    expect(fast.ms).toBeLessThan(1_000);
    const slow = await new Browser().post(`${held.url}/auth/password`, {
      identifier: 'nobody@example.com',
      password: 'wrong-password-1',
    });
    expect(slow.status).toBe(401);
    expect(slow.ms).toBeGreaterThanOrEqual(1_450);
  });
});
