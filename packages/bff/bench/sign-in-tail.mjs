#!/usr/bin/env node
// Where the sign-in tail comes from: the BroadWorks sign-in at equal paced load, direct connector
// vs the BFF, with spans measured INSIDE the BFF process (server time per request, the connector
// call alone, every GC pause and its kind, event-loop delay, CPU per request). Not part of
// `pnpm bench`; run after `pnpm build`: `node bench/sign-in-tail.mjs` (BENCH_DIST=<dir> for another
// build, RATE=300 SECS=4 ROUNDS=3, NOLOG=1 to drop the BFF's log lines). GC counts per 1000
// requests and CPU per request are the numbers to compare on a busy machine; latencies need a quiet one.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { paced, percentiles } from './load.mjs';

const RATE = Number(process.env.RATE ?? 300);
const SECONDS = Number(process.env.SECS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const http = fileURLToPath(new URL('http.mjs', import.meta.url));
const self = fileURLToPath(import.meta.url);
const dist = process.env.BENCH_DIST
  ? pathToFileURL(`${process.env.BENCH_DIST.replace(/\/$/, '')}/`)
  : new URL('../dist/', import.meta.url);
const round2 = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, +v.toFixed(2)]));

if (process.argv[2] === 'bff') {
  // The BFF in front of the simulator, with the same connector settings as bench/http.mjs.
  process.on('disconnect', () => process.exit(0));
  const { startBff, connectorRegistry } = await import(new URL('index.js', dist));
  const reg = connectorRegistry['broadworks-oci'];
  const entry = { type: 'broadworks-oci', transport: 'tcp', host: '127.0.0.1', port: Number(process.argv[3]) };
  const inner = reg.factory(
    reg.schema.parse({ ...entry, adminUserId: 'admin@example.com', adminPassword: 'adminSecret', poolSize: 4 }),
    { logger: { debug() {}, info() {}, warn() {}, error() {} } },
  );
  let upstream = [],
    server = [],
    gcs = [],
    cpu0 = process.cpuUsage();
  const connector = {
    type: inner.type,
    ready: (c) => inner.ready(c),
    close: () => inner.close(),
    password: async (input, c) => {
      const t = performance.now();
      try {
        return await inner.password(input, c);
      } finally {
        upstream.push(performance.now() - t);
      }
    },
  };
  const { pino } = await import('pino');
  const logger = process.env.NOLOG ? { write: () => true } : pino.destination({ dest: '/dev/null', sync: false });
  const running = await startBff(
    {
      listen: { host: '127.0.0.1', port: 0 },
      session: { secrets: ['bench-session-secret-0123456789-abcdef-xyz'], cookie: { secure: false }, store: 'memory' },
      limits: { perIp: { failures: 100 }, perAccount: { failures: 100 } },
      methods: { password: { connector: 'bw' } },
    },
    { port: 0, logger, throttleDelayMs: 0, connectors: { bw: { connector, timeoutMs: 5000 } } },
  );
  running.server.on('request', (_req, res) => {
    const t = performance.now();
    res.on('finish', () => server.push(performance.now() - t));
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ ms: e.duration, major: e.detail?.kind !== 1 });
  }).observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  process.on('message', (m) => {
    if (m === 'reset') {
      [upstream, server, gcs, cpu0] = [[], [], [], process.cpuUsage()];
      loop.reset();
      return process.send({});
    }
    const cpu = process.cpuUsage(cpu0);
    const per1000 = 1000 / Math.max(1, server.length);
    process.send({
      cpuMsPerReq: +((cpu.user + cpu.system) / 1000 / Math.max(1, server.length)).toFixed(3),
      gcPer1000: +(gcs.length * per1000).toFixed(1),
      majorGcPer1000: +(gcs.filter((g) => g.major).length * per1000).toFixed(2),
      gcMsPer1000: +(gcs.reduce((a, g) => a + g.ms, 0) * per1000).toFixed(1),
      gcMaxMs: +Math.max(0, ...gcs.map((g) => g.ms)).toFixed(2),
      server: round2(percentiles(server)),
      connectorCall: round2(percentiles(upstream)),
      loopDelayP99: +(loop.percentile(99) / 1e6).toFixed(2),
    });
  });
  process.send({ port: Number(new URL(running.url).port) });
} else {
  const { Pool } = await import('undici');
  const kids = [];
  process.on('exit', () => kids.forEach((k) => k.kill('SIGKILL')));
  const start = (script, args) => {
    const child = fork(script, args, {
      execArgv: ['--expose-gc'],
      env: { ...process.env, BENCH_SECONDS: String(SECONDS) },
    });
    kids.push(child);
    const next = () => once(child, 'message').then(([m]) => m);
    return next().then((first) => ({ ...first, ask: (q) => (child.send(q), next()) }));
  };
  const sim = await start(http, ['serve', 'sim']);
  const direct = await start(http, ['serve', 'direct', String(sim.port)]);
  const bff = await start(self, ['bff', String(sim.port)]);
  const pool = new Pool(`http://127.0.0.1:${bff.port}`, { connections: 50 });
  const body = JSON.stringify({ identifier: 'alice@example.com', password: 'alice-password1' });
  const call = async () => {
    const res = await pool.request({
      path: '/auth/password',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf': '1' },
      body,
    });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`sign-in answered ${res.statusCode}`);
  };
  for (let i = 0; i < 300; i++) await call(); // warm: pool logged in, JIT
  console.log(`paced ${RATE}/s for ${SECONDS} s, ${ROUNDS} rounds (dist: ${fileURLToPath(dist)})`);
  for (let round = 0; round < ROUNDS; round++) {
    const d = await direct.ask({ run: 'paced', rate: RATE });
    await bff.ask('reset');
    const b = await paced({ rate: RATE, seconds: SECONDS, maxInFlight: 50, call });
    console.log(
      `direct p50 ${d.p50.toFixed(2)} p99 ${d.p99.toFixed(2)} | BFF p50 ${b.p50.toFixed(2)} p99 ${b.p99.toFixed(2)}`,
    );
    console.log('  inside the BFF:', JSON.stringify(await bff.ask('report')));
  }
  await pool.close();
  process.exit(0);
}
