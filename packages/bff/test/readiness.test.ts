/**
 * GET /readyz reflects what the instance can do (docs/operations.md "Health and readiness";
 * docs/security.md H-03), over real HTTP with real sockets: a real redis-server that is killed,
 * the BroadWorks OCI-P and Authing simulators, and connectors pointing at ports nobody listens on.
 *
 * - one method's connector down, the others up: 200, the down one named;
 * - every method's connector down: 503;
 * - the session store (Redis) down: 503, whatever the connectors say; back: 200;
 * - the body names methods, connectors and the store by the operator's names only: no host,
 *   port, address or error text (those go to the log).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import {
  startAuthingSimulator,
  startBroadworksSimulator,
  type BroadworksSimulator,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import { baseConfig, startBff, type RunningBff } from './support/bff-harness.js';
import { freePort, startRedisServer, type RedisServerHandle } from './support/redis-server.mjs';

// Every body is checked against openapi.yaml's `Readiness` (OpenAPI 3.1 schemas are JSON Schema 2020-12).
const openapi = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as { components: object };
const validReadiness = new Ajv2020({ strict: false }).compile({
  $ref: '#/components/schemas/Readiness',
  components: openapi.components,
});

let redis: RedisServerHandle;
let bw: BroadworksSimulator;
let authing: RunningAuthingSimulator;
let deadPorts: number[];
const open: RunningBff[] = [];

beforeAll(async () => {
  [redis, bw, authing, ...deadPorts] = await Promise.all([
    startRedisServer(),
    startBroadworksSimulator({ port: 0, soap: false }),
    startAuthingSimulator({ port: 0, appId: 'APP1', userPoolId: 'POOL1' }),
    freePort(),
    freePort(),
    freePort(),
  ]);
});
afterAll(async () => {
  await Promise.all(open.map((b) => b.close()));
  await Promise.all([bw?.close(), authing?.close(), redis?.stop()]);
});

const bwAt = (port: number) => ({
  type: 'broadworks-oci',
  transport: 'tcp',
  host: '127.0.0.1',
  port,
  adminUserId: 'admin@example.com',
  adminPassword: 'adminSecret',
  timeout: '1s',
});
// A configured key: every probe is a real `.well-known` request (not a cached key).
const auAt = (url: string) => ({
  type: 'authing',
  appHost: url,
  appId: 'APP1',
  userPoolId: 'POOL1',
  publicKey: authing.publicKeyPem,
  timeout: '1s',
});
const dpAt = (port: number) => ({
  type: 'digipass-gateway',
  url: `http://127.0.0.1:${port}`,
  apiKey: 'test-only-api-key',
  timeout: '1s',
});

async function bff(connectors: Record<string, unknown>, methods: Record<string, string>): Promise<RunningBff> {
  const b = await startBff(
    baseConfig({
      session: { store: { redis: redis.url } },
      methods: Object.fromEntries(Object.entries(methods).map(([id, connector]) => [id, { connector }])),
      connectors,
    }),
    { readyCacheMs: 0 },
  );
  open.push(b);
  // The Redis client connects in the background; until it has, the store is (rightly) down.
  const deadline = Date.now() + 5_000;
  while (((await readyz(b)).body as { store: string }).store !== 'up') {
    if (Date.now() > deadline) throw new Error('the session store never came up');
    await new Promise((r) => setTimeout(r, 25));
  }
  b.logs.length = 0;
  return b;
}

async function readyz(b: RunningBff): Promise<{ status: number; text: string; body: unknown }> {
  const res = await fetch(`${b.url}/readyz`);
  const text = await res.text();
  expect(validReadiness(JSON.parse(text)), JSON.stringify(validReadiness.errors)).toBe(true);
  return { status: res.status, text, body: JSON.parse(text) as unknown };
}

/** Nothing but the operator's names: no address, port, host name or error text. */
function expectNoDetails(text: string): void {
  const ports = [redis.port, bw.port, new URL(authing.url).port, ...deadPorts].map(String);
  for (const port of ports) expect(text).not.toContain(port);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|redis:|http:|ECONN|refused|timeout|error|reset|socket|\bat\b/i);
  expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['connectors', 'methods', 'status', 'store']);
}

describe('GET /readyz', () => {
  it('one method up, one down: 200, the down method and connector named; the detail only in the log', async () => {
    const b = await bff(
      { bw: bwAt(bw.port), au: auAt(authing.url), dp: dpAt(deadPorts[0]!) },
      { password: 'bw', phone: 'au', otp: 'dp' },
    );
    const r = await readyz(b);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'ready',
      store: 'up',
      methods: { password: 'up', phone: 'up', otp: 'down' },
      connectors: { bw: 'up', au: 'up', dp: 'down' },
    });
    expectNoDetails(r.text);
    // The why is in the log, against the connector's name.
    const line = b.logs.find((l) => l.includes('connector not ready'));
    expect(line).toBeDefined();
    const parsed = JSON.parse(line!) as { connector?: string; detail?: unknown };
    expect(parsed.connector).toBe('dp');
    expect(typeof parsed.detail).toBe('string');
    expect(b.logs.some((l) => l.includes('ready with some sign-in methods down') && l.includes('"otp"'))).toBe(true);
  });

  it('a connector no method uses does not decide; every method down: 503 with the store still up', async () => {
    const unused = await bff(
      { bw: bwAt(bw.port), dead: dpAt(deadPorts[1]!) },
      { password: 'bw' }, // `dead` is configured but serves no method
    );
    const ok = await readyz(unused);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ methods: { password: 'up' }, connectors: { bw: 'up', dead: 'down' } });

    const b = await bff(
      { bw: bwAt(deadPorts[0]!), au: auAt(`http://127.0.0.1:${deadPorts[1]}`), dp: dpAt(deadPorts[2]!) },
      { password: 'bw', phone: 'au', otp: 'dp' },
    );
    const r = await readyz(b);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      status: 'not_ready',
      store: 'up',
      methods: { password: 'down', phone: 'down', otp: 'down' },
      connectors: { bw: 'down', au: 'down', dp: 'down' },
    });
    expectNoDetails(r.text);
    expect(b.logs.filter((l) => l.includes('connector not ready'))).toHaveLength(3);
  });

  it('the session store (a real Redis) stopped: 503 although every connector answers; restarted: 200', async () => {
    const b = await bff({ bw: bwAt(bw.port), au: auAt(authing.url) }, { password: 'bw', phone: 'au' });
    const up = { password: 'up', phone: 'up' };
    expect((await readyz(b)).body).toEqual({
      status: 'ready',
      store: 'up',
      methods: up,
      connectors: { bw: 'up', au: 'up' },
    });

    await redis.kill();
    try {
      const started = Date.now();
      const r = await readyz(b);
      expect(Date.now() - started).toBeLessThan(2_000); // fails fast, no hang
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ status: 'not_ready', store: 'down', methods: up, connectors: { bw: 'up', au: 'up' } });
      expectNoDetails(r.text);
      expect(b.logs.some((l) => l.includes('session store not ready'))).toBe(true);
    } finally {
      await redis.restart();
    }
    const deadline = Date.now() + 5_000;
    let back = await readyz(b);
    while (back.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      back = await readyz(b);
    }
    expect(back.body).toEqual({ status: 'ready', store: 'up', methods: up, connectors: { bw: 'up', au: 'up' } });
  });

  it('no method configured: 503 (there is nothing to sign in with); /healthz stays 200', async () => {
    const b = await bff({ bw: bwAt(bw.port) }, {});
    const r = await readyz(b);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'not_ready', store: 'up', methods: {}, connectors: { bw: 'up' } });
    expect(validReadiness({ status: 'ready' })).toBe(false); // the schema check above can fail
    const health = await fetch(`${b.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
  });
});
