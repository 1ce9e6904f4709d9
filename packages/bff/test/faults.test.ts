/**
 * Upstream faults THROUGH THE BFF's HTTP API (issue 8 "Resilience"; docs/security.md T15, T16):
 * every fault ends in the documented 5xx (502 upstream_error, 503 upstream_unavailable,
 * 504 upstream_timeout) within the connector timeout, nothing hangs, nothing upstream-specific
 * leaks, the circuit breaker opens and heals, the bulkhead refuses a pile-up, memory stays flat.
 *
 * Fault sources: the simulators' named scenarios (BroadWorks OCI-P over TCP: slow, garbage,
 * drop-mid-reply; DIGIPASS over HTTP: slow, 5xx, non-json) and, for what they lack, the raw
 * servers of support/hostile-upstream.ts (hung, drip, reset, huge, XML bombs, deep nesting).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIGIPASS_DEMO_API_KEY,
  startBroadworksSimulator,
  startDigipassSimulator,
  type BroadworksSimulator,
  type RunningSimulator,
} from '@auth-login/simulators';
import type { ResilienceOptions } from '../src/connectors/shared/call-policy.js';
import { freePort } from './support/redis-server.mjs';
import { Browser, baseConfig, startBff } from './support/bff-harness.js';
import {
  startHostileHttp,
  startHostileTcp,
  type HostileServer,
  type HttpMode,
  type TcpMode,
} from './support/hostile-upstream.js';

const TIMEOUT_MS = 600;
const ADMIN = { adminUserId: 'admin@example.com', adminPassword: 'adminSecret' };
const BW_USER = { identifier: 'alice@example.com', password: 'alice-password1' };
const DP_USER = { identifier: 'jane.doe', otp: '654321' };
const LEAKS = /BroadsoftDocument|ErrorResponse|Tomcat|upstream\.internal|127\.0\.0\.1|stack|at \w+ \(|<html|&l\d;/i;

let bwSim: BroadworksSimulator;
let dpSim: RunningSimulator;
let tcp: HostileServer<TcpMode>;
let http: HostileServer<HttpMode>;

beforeAll(async () => {
  [bwSim, dpSim, tcp, http] = await Promise.all([
    startBroadworksSimulator({ port: 0, soap: false, slowMs: 5_000 }),
    startDigipassSimulator({ port: 0, slowMs: 5_000 }),
    startHostileTcp('hang'),
    startHostileHttp('hang'),
  ]);
});
afterAll(async () => {
  await Promise.all([bwSim?.close(), dpSim?.close(), tcp?.close(), http?.close()]);
});

function bwConfig(port: number, extra: Record<string, unknown> = {}) {
  return baseConfig({
    methods: { password: { connector: 'bw' } },
    limits: { perIp: { failures: 100 }, perAccount: { failures: 100 } },
    connectors: {
      bw: {
        type: 'broadworks-oci',
        transport: 'tcp',
        host: '127.0.0.1',
        port,
        ...ADMIN,
        timeout: `${TIMEOUT_MS}ms`,
        poolSize: 1,
        ...extra,
      },
    },
  });
}
function dpConfig(url: string) {
  return baseConfig({
    methods: { otp: { connector: 'dp' } },
    limits: { perIp: { failures: 100 }, perAccount: { failures: 100 } },
    connectors: {
      dp: {
        type: 'digipass-gateway',
        url,
        apiKey: DIGIPASS_DEMO_API_KEY,
        domain: 'mydomain.com',
        timeout: `${TIMEOUT_MS}ms`,
      },
    },
  });
}

/** A fresh BFF per case (a fresh circuit), `n` concurrent sign-ins, all answered in time. */
async function hammer(config: unknown, path: string, body: unknown, n = 4, resilience?: ResilienceOptions) {
  const bff = await startBff(config, { throttleDelayMs: 1, ...(resilience ? { resilience } : {}) });
  try {
    const replies = await Promise.all(
      Array.from({ length: n }, () => new Browser().request(`${bff.url}${path}`, 'POST', body, TIMEOUT_MS + 4_000)),
    );
    return { bff, replies };
  } finally {
    await bff.close();
  }
}

function expectFault(replies: Awaited<ReturnType<typeof hammer>>['replies'], statuses: number[]) {
  for (const r of replies) {
    expect(statuses).toContain(r.status);
    expect(r.ms).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(JSON.stringify(r.body)).not.toMatch(LEAKS);
    expect(r.headers.get('set-cookie') ?? '').toBe(''); // fail closed: no session made
    const code = (r.body as { error?: { code?: string } }).error?.code;
    expect(code).toBe({ 502: 'upstream_error', 503: 'upstream_unavailable', 504: 'upstream_timeout' }[r.status]);
  }
}

describe('BroadWorks OCI-P (TCP) faults → 5xx within the timeout', () => {
  it.each([
    ['slow (simulator)', 'slow', [504]],
    // Garbage kills the kept-open OCI-P session: the first caller gets 502, callers queued behind it
    // on that session (never sent) get 503.
    ['garbage (simulator)', 'garbage', [502, 503]],
    ['reset mid-reply (simulator)', 'drop-mid-reply', [502, 503]],
  ])('%s', async (_name, scenario, statuses) => {
    bwSim.setScenario(scenario);
    const { replies } = await hammer(bwConfig(bwSim.port), '/auth/password', BW_USER);
    bwSim.setScenario('ok');
    expectFault(replies, statuses);
  });

  it.each([
    ['hung upstream', 'hang', [504]],
    ['slow drip', 'drip', [504]],
    ['reset mid-reply', 'reset', [502, 503]],
    ['huge reply (64 MB, no terminator)', 'huge', [502]],
    ['XML entity bomb (billion laughs)', 'bomb', [502]],
    ['quadratic entity blow-up', 'quadratic', [502]],
    ['deep nesting (20,000 levels)', 'nested', [502]],
    ['garbage bytes', 'garbage', [502]],
  ])('%s', async (_name, mode, statuses) => {
    tcp.mode = mode as TcpMode;
    const { replies } = await hammer(bwConfig(tcp.port), '/auth/password', BW_USER);
    expectFault(replies, statuses);
  });

  it('closed port', async () => {
    const { replies } = await hammer(bwConfig(await freePort()), '/auth/password', BW_USER);
    expectFault(replies, [503]);
  });
});

describe('DIGIPASS Gateway (HTTP/JSON) faults → 5xx within the timeout', () => {
  it.each([
    ['slow (simulator)', 'slow', [504]],
    ['5xx (simulator)', '5xx', [502]],
    ['non-JSON (simulator)', 'non-json', [502]],
  ])('%s', async (_name, scenario, statuses) => {
    dpSim.setScenario(scenario);
    const { replies } = await hammer(dpConfig(dpSim.url), '/auth/otp', DP_USER);
    dpSim.setScenario('ok');
    expectFault(replies, statuses);
  });

  it.each([
    ['hung upstream', 'hang', [504]],
    ['slow drip', 'drip', [504]],
    ['reset mid-reply', 'reset', [502, 503]],
    ['huge reply (64 MB)', 'huge', [502]],
    ['deep nesting', 'nested', [502]],
    ['redirect (never followed)', 'redirect', [502]],
  ])('%s', async (_name, mode, statuses) => {
    http.mode = mode as HttpMode;
    const { replies } = await hammer(dpConfig(http.url), '/auth/otp', DP_USER);
    expectFault(replies, statuses);
  });
});

describe('circuit breaker and bulkhead, through the API', () => {
  it('opens after N upstream failures (fails fast, upstream untouched), probes after the cool-down, heals', async () => {
    const bff = await startBff(bwConfig(bwSim.port), {
      throttleDelayMs: 1,
      resilience: { breaker: { failureThreshold: 3, coolDownMs: 400 } },
    });
    try {
      // Wrong passwords are outcomes, not failures: they never open the circuit.
      for (let i = 0; i < 5; i++) {
        expect(
          (
            await new Browser().post(`${bff.url}/auth/password`, {
              identifier: 'zoe@example.com',
              password: `nope-${i}`,
            })
          ).status,
        ).toBe(401);
      }
      bwSim.setScenario('garbage');
      for (let i = 0; i < 3; i++)
        expect((await new Browser().post(`${bff.url}/auth/password`, BW_USER)).status).toBe(502);
      const callsWhenOpen = bwSim.calls.length;
      const open = await new Browser().post(`${bff.url}/auth/password`, BW_USER);
      expect(open.status).toBe(503);
      expect(open.ms).toBeLessThan(TIMEOUT_MS / 2);
      expect(bwSim.calls.length).toBe(callsWhenOpen); // failing fast: the upstream was not called
      expect(bff.logs.some((l) => l.includes('"circuit"') && l.includes('"open"'))).toBe(true);

      bwSim.setScenario('ok');
      await new Promise((r) => setTimeout(r, 450));
      expect((await new Browser().post(`${bff.url}/auth/password`, BW_USER)).status).toBe(200); // the probe
      expect((await new Browser().post(`${bff.url}/auth/password`, BW_USER)).status).toBe(200);
    } finally {
      bwSim.setScenario('ok');
      await bff.close();
    }
  });

  it('bounded concurrency: beyond in-flight + queue, 503 at once instead of piling up', async () => {
    http.mode = 'hang';
    const { replies } = await hammer(dpConfig(http.url), '/auth/otp', DP_USER, 10, {
      bulkhead: { maxConcurrent: 2, maxQueue: 3 },
    });
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 503)).toHaveLength(5);
    expect(statuses.filter((s) => s === 504)).toHaveLength(5);
    // Refused at once: every 503 came back before any of the calls that waited for the timeout.
    const slowest503 = Math.max(...replies.filter((x) => x.status === 503).map((x) => x.ms));
    const fastest504 = Math.min(...replies.filter((x) => x.status === 504).map((x) => x.ms));
    expect(slowest503).toBeLessThan(fastest504);
    expect(fastest504).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });
});

describe('memory stays flat under repeated hostile replies', () => {
  it('heapUsed after 240 hostile sign-ins is within bounds of before', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const bff = await startBff(bwConfig(tcp.port), {
      throttleDelayMs: 1,
      resilience: { breaker: { failureThreshold: 1_000_000 } },
    });
    try {
      const round = async (modes: TcpMode[]) => {
        for (const mode of modes) {
          tcp.mode = mode;
          await Promise.all(Array.from({ length: 10 }, () => new Browser().post(`${bff.url}/auth/password`, BW_USER)));
        }
      };
      const modes: TcpMode[] = ['huge', 'bomb', 'quadratic', 'nested', 'garbage', 'reset'];
      await round(modes); // warm-up: pools, JIT, caches
      gc();
      const before = process.memoryUsage().heapUsed;
      await round([...modes, ...modes, ...modes]);
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      expect(grown).toBeLessThan(20 * 1024 * 1024);
    } finally {
      await bff.close();
    }
  });
});
