/**
 * Prometheus metrics (docs/operations.md "Metrics") after a scripted run through the real HTTP API
 * against the simulators (BroadWorks OCI-P over TCP, Authing over HTTP) and a DIGIPASS gateway
 * address nobody listens on: every counter moved by exactly what was done, on a listener of its
 * own, with bounded labels only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startAuthingSimulator,
  startBroadworksSimulator,
  type BroadworksSimulator,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import { parseConfig } from '../src/index.js';
import { baseConfig, Browser, startBff, type RunningBff } from './support/bff-harness.js';
import { parsePrometheus, valueOf, type Sample } from './support/prometheus.js';
import { simulatedConnectors } from './support/simulated-connectors.js';
import { freePort } from './support/redis-server.mjs';

const BW_ALICE = { identifier: 'alice@example.com', password: 'alice-password1' };
const PHONE = '+8613800138000';

let bw: BroadworksSimulator;
let authing: RunningAuthingSimulator;
let deadPort: number;

function config(extra: Record<string, unknown> = {}) {
  return baseConfig({
    methods: { password: { connector: 'bw' }, phone: { connector: 'au' }, otp: { connector: 'dp' } },
    limits: { perAccount: { failures: 2 }, perIp: { failures: 5 } },
    metrics: { listen: { host: '127.0.0.1', port: 0 } },
    connectors: simulatedConnectors({ broadworksPort: bw.port, authingUrl: authing.url, deadPort }),
    ...extra,
  });
}

async function scrape(url: string): Promise<{ text: string; samples: Sample[]; type: string | null }> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, samples: parsePrometheus(text), type: res.headers.get('content-type') };
}

beforeAll(async () => {
  [bw, authing, deadPort] = await Promise.all([
    startBroadworksSimulator({ port: 0, soap: false }),
    startAuthingSimulator({ port: 0, appId: 'APP1', userPoolId: 'POOL1' }),
    freePort(),
  ]);
});
afterAll(async () => {
  await Promise.all([bw?.close(), authing?.close()]);
});

describe('metrics after a scripted run against the simulators', () => {
  let bff: RunningBff;
  let metricsUrl: string;
  const browsers: Browser[] = [];
  const browser = () => {
    const b = new Browser();
    browsers.push(b);
    return b;
  };

  beforeAll(async () => {
    bff = await startBff(config(), {
      throttleDelayMs: 0,
      resilience: { breaker: { failureThreshold: 2, coolDownMs: 60_000 } },
    });
    metricsUrl = await bff.bff.metricsUrl!;
  });
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await bff?.close();
  });

  it('counts sign-ins, refusals, code sends, upstream calls and circuit changes exactly', async () => {
    const api = `${bff.url}/auth`;
    const before = (await scrape(metricsUrl)).samples;
    expect(valueOf(before, 'auth_bff_signins_total')).toBe(0);
    expect(valueOf(before, 'auth_bff_active_sessions')).toBe(0);

    // 1. A signs in over OCI-P.
    const a = browser();
    expect((await a.post(`${api}/password`, BW_ALICE)).status).toBe(200);
    // 2. B: two wrong passwords, then the account is locked (per-account limit: 2).
    const b = browser();
    for (let i = 0; i < 2; i++)
      expect((await b.post(`${api}/password`, { ...BW_ALICE, password: 'nope' })).status).toBe(401);
    expect((await b.post(`${api}/password`, BW_ALICE)).status).toBe(429);
    // 3. C: an SMS code through Authing, an immediate resend (cooldown), then the sign-in with it.
    const c = browser();
    expect((await c.post(`${api}/phone/code`, { phone: PHONE })).status).toBe(202);
    expect((await c.post(`${api}/phone/code`, { phone: PHONE })).status).toBe(429);
    const code = authing.outbox.at(-1)!.code;
    expect((await c.post(`${api}/phone`, { phone: PHONE, code })).status).toBe(200);
    // 4. D: the DIGIPASS gateway is down: two faults open the circuit, the third fails fast.
    const d = browser();
    for (let i = 0; i < 3; i++) {
      const res = await d.post(`${api}/otp`, { identifier: 'jane.doe', otp: '654321' });
      expect(res.status).toBe(503);
    }
    // 5. E: wrong passwords for three more accounts exhaust the per-IP limit (5): the 4th is refused.
    const e = browser();
    for (const who of ['x1', 'x2', 'x3']) {
      expect((await e.post(`${api}/password`, { identifier: `${who}@example.com`, password: 'nope' })).status).toBe(
        401,
      );
    }
    expect((await e.post(`${api}/password`, { identifier: 'x4@example.com', password: 'nope' })).status).toBe(429);
    // 6. A signs out.
    expect((await a.post(`${api}/logout`)).status).toBe(204);

    const { text, samples, type } = await scrape(metricsUrl);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const signIns = (method: string, connector: string, outcome: string) =>
      valueOf(samples, 'auth_bff_signins_total', { method, connector, outcome });
    expect(signIns('password', 'bw', 'success')).toBe(1);
    expect(signIns('password', 'bw', 'invalid')).toBe(5);
    expect(signIns('password', 'bw', 'locked')).toBe(1);
    expect(signIns('password', 'bw', 'rate_limited')).toBe(1);
    expect(signIns('phone', 'au', 'success')).toBe(1);
    expect(signIns('otp', 'dp', 'upstream_unavailable')).toBe(3);
    expect(samples.filter((s) => s.name === 'auth_bff_signins_total').reduce((n, s) => n + s.value, 0)).toBe(12);

    const refusals = (limit: string) => valueOf(samples, 'auth_bff_throttle_refusals_total', { limit });
    expect(refusals('signin:acct')).toBe(1);
    expect(refusals('signin:ip')).toBe(1);
    expect(refusals('code:cooldown')).toBe(1);
    expect(refusals('code:dest') + refusals('code:ip')).toBe(0);

    expect(valueOf(samples, 'auth_bff_codes_sent_total', { method: 'phone', connector: 'au' })).toBe(1);

    const calls = (connector: string, call: string, outcome: string) =>
      valueOf(samples, 'auth_bff_upstream_call_duration_seconds_count', { connector, call, outcome });
    // The locked and rate-limited attempts never reached the upstream; a wrong password is an answer (ok).
    expect(calls('bw', 'password', 'ok')).toBe(6);
    expect(calls('au', 'phone.code', 'ok')).toBe(1);
    expect(calls('au', 'phone', 'ok')).toBe(1);
    expect(calls('dp', 'otp', 'unavailable')).toBe(3);
    expect(
      valueOf(samples, 'auth_bff_upstream_call_duration_seconds_sum', {
        connector: 'bw',
        call: 'password',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(0);

    expect(valueOf(samples, 'auth_bff_circuit_state', { connector: 'dp' })).toBe(2);
    expect(valueOf(samples, 'auth_bff_circuit_state', { connector: 'bw' })).toBe(0);
    expect(
      valueOf(samples, 'auth_bff_circuit_transitions_total', { connector: 'dp', from: 'closed', to: 'open' }),
    ).toBe(1);
    expect(samples.filter((s) => s.name === 'auth_bff_circuit_transitions_total')).toHaveLength(1);

    // C's session is the only signed-in one left (A signed out; B, D and E never signed in).
    expect(valueOf(samples, 'auth_bff_active_sessions')).toBe(1);

    // Node process metrics, and nothing that names a user, a phone number or an address.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_heap_size_used_bytes');
    expect(text).not.toMatch(/alice|jane|x1@|8613800138000|127\.0\.0\.1|nope/);
  }, 30_000);

  it('is served on its own listener only: not on the API listener, not under basePath', async () => {
    expect(new URL(metricsUrl).port).not.toBe(String(bff.port));
    for (const path of ['/metrics', '/auth/metrics']) {
      const res = await fetch(`${bff.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('auth_bff_');
    }
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});

describe('metrics per instance', () => {
  it('are off by default: no registry, no listener', async () => {
    const { metrics: _unused, ...rest } = config();
    const bff = await startBff(rest);
    try {
      expect(bff.bff.metrics).toBeUndefined();
      expect(bff.bff.metricsUrl).toBeUndefined();
    } finally {
      await bff.close();
    }
  });

  it('two BFFs in one process keep their own registries', async () => {
    const one = await startBff(config(), { throttleDelayMs: 0 });
    const two = await startBff(config(), { throttleDelayMs: 0 });
    const browser = new Browser();
    try {
      expect((await browser.post(`${one.url}/auth/password`, BW_ALICE)).status).toBe(200);
      const [a, b] = await Promise.all([scrape(await one.bff.metricsUrl!), scrape(await two.bff.metricsUrl!)]);
      const success = { method: 'password', connector: 'bw', outcome: 'success' };
      expect(valueOf(a.samples, 'auth_bff_signins_total', success)).toBe(1);
      expect(valueOf(b.samples, 'auth_bff_signins_total', success)).toBe(0);
    } finally {
      await browser.close();
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('refuses a metrics port equal to the API port', () => {
    expect(() => parseConfig(baseConfig({ listen: { port: 9100 }, metrics: { listen: { port: 9100 } } }), {})).toThrow(
      /metrics\.listen\.port: must differ from listen\.port/,
    );
    const parsed = parseConfig(baseConfig({ metrics: { listen: { port: 9464 } } }), {});
    expect(parsed.metrics).toEqual({ listen: { host: '127.0.0.1', port: 9464 } });
  });
});
