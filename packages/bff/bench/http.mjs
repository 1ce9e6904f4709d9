#!/usr/bin/env node
// BFF HTTP throughput and memory (issue 8 "Benchmarks"). Run by `pnpm bench` after `pnpm build`;
// uses the BUILT packages (../dist, @auth-login/simulators' dist). NOT a test: it prints a table.
//
// One file, several processes: `node bench/http.mjs` is the load generator (autocannon) and forks
// itself as `node bench/http.mjs serve <role>` for each server, so a server never shares its event
// loop with the load it is measured under. Roles: koa (bare hello world), bff-memory / bff-redis
// (the BFF with an in-process connector), sim (the BroadWorks OCI-P simulator), bff-bw (the BFF
// in front of it), direct (the BroadWorks connector called in a loop: the simulator's own rate).
//
// Goals (issue 8): GET /session >= 70% of bare Koa's rps; BFF sign-in overhead < 1 ms at the
// median at 50 connections; < 1 KB per idle session in the memory store.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 50;
const SESSIONS = 10_000;
const SECRET = 'bench-session-secret-0123456789-abcdef-xyz';
const dist = new URL('../dist/', import.meta.url);
const self = fileURLToPath(import.meta.url);
const ADMIN = { adminUserId: 'admin@example.com', adminPassword: 'adminSecret' };
const BW_USER = { identifier: 'alice@example.com', password: 'alice-password1' };
// What a BroadWorks sign-in leaves in a session (the shape of the simulator's alice).
const USER = {
  id: 'alice@example.com', displayName: 'Alice Smith', email: 'alice@example.com', phone: '+1-2025550123',
  provider: 'broadworks-oci', attributes: { groupId: 'grp1', serviceProviderId: 'sp1', isEnterprise: false },
};

function bffConfig(store, extra = {}) {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    session: { secrets: [SECRET], cookie: { secure: false }, store },
    limits: { perIp: { failures: 100 }, perAccount: { failures: 100 } },
    methods: { password: { connector: 'fast' } },
    ...extra,
  };
}

const silentLogger = { write() {} };

// ------------------------------------------------------------------ child roles (servers)
async function serve(role, arg) {
  const { startBff, connectorRegistry } = await import(new URL('index.js', dist));
  const report = (msg) => process.send(msg);
  if (role === 'koa') {
    const { default: Koa } = await import('koa');
    const app = new Koa();
    app.use((ctx) => { ctx.body = 'Hello World'; });
    const server = app.listen(0, '127.0.0.1', () => report({ port: server.address().port }));
    return;
  }
  if (role === 'sim') {
    const { startBroadworksSimulator } = await import('@auth-login/simulators');
    const sim = await startBroadworksSimulator({ port: 0, soap: false });
    return report({ port: sim.port });
  }
  const bwConfig = (port) => connectorRegistry['broadworks-oci'].schema.parse({
    type: 'broadworks-oci', transport: 'tcp', host: '127.0.0.1', port: Number(port), ...ADMIN, poolSize: 4,
  });
  if (role === 'direct') {
    const connector = connectorRegistry['broadworks-oci'].factory(bwConfig(arg), { logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const call = () => connector.password(BW_USER, { signal: AbortSignal.timeout(5_000) });
    for (let i = 0; i < 20; i++) await call(); // warm: pool logged in, JIT
    process.on('message', async (msg) => {
      if (!msg?.run) return;
      const latencies = [];
      const end = performance.now() + DURATION * 1000;
      await Promise.all(Array.from({ length: msg.run }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          const outcome = await call();
          if (!outcome.ok) throw new Error('direct sign-in failed');
          latencies.push(performance.now() - t);
        }
      }));
      latencies.sort((x, y) => x - y);
      report({ rps: latencies.length / DURATION, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] });
    });
    return report({ ready: true });
  }
  const fast = {
    type: 'broadworks-oci',
    async password({ identifier, password }) {
      return identifier === 'alice' && password === 'pw' ? { ok: true, user: USER } : { ok: false, reason: 'invalid_credentials' };
    },
    async ready() {}, async close() {},
  };
  const config = role === 'bff-bw'
    ? bffConfig('memory', { methods: { password: { connector: 'bw' } }, connectors: { bw: { type: 'broadworks-oci', transport: 'tcp', host: '127.0.0.1', port: Number(arg), ...ADMIN, poolSize: 4 } } })
    : bffConfig(role === 'bff-redis' ? { redis: arg } : 'memory');
  // BENCH_LOG=1: the BFFs' warnings and errors on stderr (to see why a run had non-2xx answers).
  const logger = process.env.BENCH_LOG ? { write: (l) => (/"level":(40|50)/.test(l) ? process.stderr.write(l) : true) } : silentLogger;
  const running = await startBff(config, { port: 0, logger, throttleDelayMs: 0, ...(role === 'bff-bw' ? {} : { connectors: { fast } }) });
  process.on('message', (msg) => {
    if (msg === 'heap') {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      report({ heapUsed: process.memoryUsage().heapUsed });
    }
  });
  report({ port: Number(new URL(running.url).port) });
}

// ------------------------------------------------------------------ the load generator
function start(role, arg = '') {
  const child = fork(self, ['serve', role, arg], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => once(child, 'message').then(([msg]) => msg);
  return next().then((first) => ({ child, ...first, ask: (q) => (child.send(q), next()), stop: () => child.kill() }));
}

async function load(autocannon, opts) {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad) console.warn(`  (${opts.url}: ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodeStats ?? {})}, ${result.errors} errors, ${result.timeouts} timeouts)`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad };
}

/** One keep-alive connection, one request at a time, for DURATION s: latency without queueing (µs precision). */
async function serialLoad({ url, method, headers, body }) {
  const { Pool } = await import('undici');
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: 1 });
  const latencies = [];
  const end = performance.now() + DURATION * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    const res = await pool.request({ path: target.pathname, method, headers, body });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`serial sign-in answered ${res.statusCode}`);
    latencies.push(performance.now() - t);
  }
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / DURATION, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

async function signInCookie(port) {
  const res = await fetch(`http://127.0.0.1:${port}/auth/password`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf': '1' }, body: JSON.stringify({ identifier: 'alice', password: 'pw' }),
  });
  if (res.status !== 200) throw new Error(`bench sign-in failed: ${res.status}`);
  return res.headers.getSetCookie()[0].split(';')[0];
}

const post = (port, body) => ({
  url: `http://127.0.0.1:${port}/auth/password`, method: 'POST',
  headers: { 'content-type': 'application/json', 'x-csrf': '1' }, body: JSON.stringify(body),
});

async function main() {
  const { default: autocannon } = await import('autocannon');
  const { startRedisServer } = await import(new URL('test-support/redis-server.js', dist));
  const { Redis } = await import('ioredis');
  const children = [];
  const launch = async (role, arg) => { const c = await start(role, arg); children.push(c); return c; };
  const redis = await startRedisServer();
  const rows = [];
  try {
    // 1. GET /session (signed in) vs bare Koa, alternated (A B A B) so a noisy machine hurts both alike;
    //    best of the rounds for each.
    const koa = await launch('koa');
    const mem = await launch('bff-memory');
    const red = await launch('bff-redis', redis.url);
    await new Promise((r) => setTimeout(r, 300));
    const cookie = await signInCookie(mem.port);
    const redisCookie = await signInCookie(red.port);
    const runs = { bare: [], session: [], sessionRedis: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await load(autocannon, { url: `http://127.0.0.1:${koa.port}/` }));
      runs.session.push(await load(autocannon, { url: `http://127.0.0.1:${mem.port}/auth/session`, headers: { cookie } }));
      runs.sessionRedis.push(await load(autocannon, { url: `http://127.0.0.1:${red.port}/auth/session`, headers: { cookie: redisCookie } }));
    }
    koa.stop();
    const bare = best(runs.bare);
    const session = best(runs.session);
    const sessionRedis = best(runs.sessionRedis);
    rows.push(['bare Koa hello world', bare, '']);
    rows.push(['GET /auth/session, memory store', session, `${pct(session.rps / bare.rps)} of bare Koa (goal >= 70%)`]);
    rows.push(['GET /auth/session, Redis store', sessionRedis, `${pct(sessionRedis.rps / bare.rps)} of bare Koa`]);

    // 2. POST /password through the BroadWorks simulator vs the connector alone (alternated too)
    const sim = await launch('sim');
    const direct = await launch('direct', sim.port);
    const bw = await launch('bff-bw', sim.port);
    await load(autocannon, { ...post(bw.port, BW_USER), duration: 1 }); // warm-up
    const directRuns = [];
    const signInRuns = [];
    const serialDirect = [];
    const serialBff = [];
    for (let round = 0; round < ROUNDS; round++) {
      directRuns.push(await direct.ask({ run: CONNECTIONS }));
      signInRuns.push(await load(autocannon, post(bw.port, BW_USER)));
      serialDirect.push(await direct.ask({ run: 1 }));
      serialBff.push(await serialLoad(post(bw.port, BW_USER)));
    }
    const directBest = best(directRuns);
    const signIn = best(signInRuns);
    const overhead = signIn.p50 - directBest.p50;
    const serialOverhead = best(serialBff).p50 - best(serialDirect).p50;
    rows.push([`BroadWorks sign-in, direct connector (no HTTP), ${CONNECTIONS} concurrent`, directBest, '']);
    rows.push([`POST /auth/password via BFF -> simulator, ${CONNECTIONS} conns`, signIn, `median overhead ${overhead.toFixed(2)} ms (goal < 1 ms)`]);
    rows.push(['BroadWorks sign-in, direct connector, 1 at a time', best(serialDirect), '']);
    rows.push(['POST /auth/password via BFF -> simulator, 1 conn', best(serialBff), `median overhead ${serialOverhead.toFixed(2)} ms (no queueing)`]);

    // 3. memory per 10,000 idle sessions
    const before = (await mem.ask('heap')).heapUsed;
    const made = await autocannon({ ...post(mem.port, { identifier: 'alice', password: 'pw' }), connections: CONNECTIONS, amount: SESSIONS });
    const after = (await mem.ask('heap')).heapUsed;
    const perSession = (after - before) / (SESSIONS - made.non2xx);
    const client = new Redis(redis.url);
    const used = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))[1]);
    const redisBefore = await used();
    const keysBefore = await client.dbsize();
    const madeRedis = await autocannon({ ...post(red.port, { identifier: 'alice', password: 'pw' }), connections: CONNECTIONS, amount: SESSIONS });
    const perRedisSession = (await used() - redisBefore) / (SESSIONS - madeRedis.non2xx);
    const keys = (await client.dbsize()) - keysBefore;
    client.disconnect();

    console.log(`\nautocannon: ${CONNECTIONS} connections, ${DURATION} s per run; node ${process.version}; same machine for all rows\n`);
    console.log(table(['run', 'req/s', 'p50 ms', 'p99 ms', 'ratio / goal'], rows.map(([name, r, note]) => [name, fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), note])));
    console.log('');
    console.log(table(['memory per idle session', 'bytes', 'goal'], [
      [`memory store (heapUsed delta / ${SESSIONS})`, fmt(perSession, 0), `< 1024: ${perSession < 1024 ? 'met' : 'NOT met'}`],
      [`Redis (used_memory delta / ${SESSIONS}; ${keys} keys)`, fmt(perRedisSession, 0), ''],
    ]));
    const goals = [
      ['/session >= 70% of bare Koa', session.rps / bare.rps >= 0.7],
      [`sign-in overhead < 1 ms (median, ${CONNECTIONS} conns)`, overhead < 1],
      ['< 1 KB per idle session (memory)', perSession < 1024],
    ];
    console.log(`\ngoals: ${goals.map(([g, ok]) => `${ok ? 'MET' : 'NOT MET'}: ${g}`).join('; ')}`);
  } finally {
    for (const c of children) c.stop();
    await redis.stop();
  }
}

/** The best round: highest rps (and its latencies). */
const best = (runs) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const fmt = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '-');
function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3], process.argv[4]).catch((error) => { console.error(error); process.exit(1); });
} else {
  main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
}
