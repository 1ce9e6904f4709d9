#!/usr/bin/env node
// BFF HTTP throughput, sign-in overhead and memory (issue 8 "Benchmarks"). Run by `pnpm bench`
// after `pnpm build`; uses the BUILT packages (../dist, or BENCH_DIST=<dir> to compare another
// build). NOT a test: it prints a table with ratios and PASS/FAIL per goal, and exits 0 either way
// (1 if the bench itself broke, 2 if it ran past BENCH_TIMEOUT_S).
//
// One file, several processes: `node bench/http.mjs` is the load generator and forks itself as
// `node bench/http.mjs serve <role>` for each server, so a server never shares its event loop
// with the load it is measured under. Roles: koa (bare hello world), koa-like (bare Koa sending
// the same headers and JSON body as GET /session: the cost of the response's shape alone),
// bff-memory / bff-redis (the BFF with an in-process connector), sim (the BroadWorks OCI-P
// simulator), bff-bw (the BFF in front of it), direct (the BroadWorks connector called in-process:
// the simulator's own rate with a direct client), and for section 4 bff-plain, bff-metrics,
// bff-traced (in front of the simulator) and otlp-sink (an OTLP/HTTP receiver that counts spans).
// Method: see METHOD below (printed too).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { paced, percentiles } from './load.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
const OBS_ROUNDS = Number(process.env.BENCH_OBS_ROUNDS ?? 5); // section 4: more rounds, the median ratio is its result
const CONNECTIONS = 50;
const POOL = 4; // OCI-P sockets, THE SAME for the direct connector and the BFF's connector
const SESSIONS = 10_000;
const SECRET = 'bench-session-secret-0123456789-abcdef-xyz';
const dist = process.env.BENCH_DIST
  ? pathToFileURL(`${process.env.BENCH_DIST.replace(/\/$/, '')}/`)
  : new URL('../dist/', import.meta.url);
const self = fileURLToPath(import.meta.url);
const ADMIN = { adminUserId: 'admin@example.com', adminPassword: 'adminSecret' };
const BW_USER = { identifier: 'alice@example.com', password: 'alice-password1' };
// What a BroadWorks sign-in leaves in a session (the shape of the simulator's alice).
const USER = {
  id: 'alice@example.com',
  displayName: 'Alice Smith',
  email: 'alice@example.com',
  phone: '+1-2025550123',
  provider: 'broadworks-oci',
  attributes: { groupId: 'grp1', serviceProviderId: 'sp1', isEnterprise: false },
};

const METHOD = `method:
- each server is its own process; rows of a section run alternately (A B A B ...) for ${ROUNDS} rounds of
  ${DURATION} s and the best round of each row is kept, so a noisy machine hurts all rows alike.
- the BFFs log every request as JSON through pino's async destination into /dev/null (the real
  formatting, redaction and write cost; BENCH_LOG=1 shows their warnings on stderr).
- req/s rows: autocannon, ${CONNECTIONS} connections, each sending its next request as soon as the
  previous one is answered (closed loop: the server is saturated).
- sign-in: the direct connector and the BFF's connector use the same pool (${POOL} OCI-P sockets), the
  same simulator, the same account. "Saturated" rows are closed loops at ${CONNECTIONS} concurrent: there
  the median is queueing, p50 ~ ${CONNECTIONS} / throughput (Little's law), so their difference measures
  CAPACITY (the BFF's extra CPU on a machine whose cores the simulator and the load generator share),
  not the time the BFF adds to a sign-in. The overhead goal is measured "at equal load": both sides
  get the same paced arrival rate (25% of the lower capacity, open loop, up to ${CONNECTIONS} requests in
  flight over ${CONNECTIONS} keep-alive connections; latency counted from each request's scheduled start, so a
  stalled client cannot hide delay); overhead = BFF p50 - direct p50. It includes the HTTP hop and
  the HTTP client (the direct side has neither), so it over- rather than under-states the BFF;
  the "HTTP hop alone" row (same client, same rate, bare Koa) shows how much of it that is.
- the growing delay between failed sign-ins is off (throttleDelayMs 0): every request signs in the
  SAME account, and ${CONNECTIONS} of them in flight look to the throttle like parallel guessing. With
  distinct accounts (the real case) no delay applies to a success; it is a defence, not overhead.
- CPU per request: process.cpuUsage() of the server process over the run / requests answered.
- memory: heapUsed after GC before/after ${SESSIONS} sign-ins (memory store); Redis used_memory.
- metrics + tracing (section 4; BENCH_ONLY=obs runs it alone): three BFFs, all in front of the same
  BroadWorks simulator: (a) plain, (b) metrics on (listener up, not scraped), (c) metrics + tracing
  as an operator runs it: the default sampler (parent-based, always on: every request is sampled,
  as trustTraceparent is off), BatchSpanProcessor with its default sizes, OTLP/HTTP protobuf to a
  sink process that decodes each export and counts its spans (the "spans exported" line checks
  that every request's spans arrived). GET /session and POST /password (sign-in against the
  simulator, one upstream call = one child span). Each round runs a, b, c in a rotating order,
  closed loop (req/s) then paced at one rate for all (25% of the lowest capacity; p50, p99); a
  ratio is taken per round against (a) of the same round and the table gives the MEDIAN ratio of
  the ${OBS_ROUNDS} rounds, so a noisy moment on this shared machine moves one round, not the result.`;

function bffConfig(store, extra = {}) {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    session: { secrets: [SECRET], cookie: { secure: false }, store },
    limits: { perIp: { failures: 100 }, perAccount: { failures: 100 } },
    methods: { password: { connector: 'fast' } },
    ...extra,
  };
}

// ------------------------------------------------------------------ child roles (servers)
async function serve(role, arg) {
  // The load generator went away (crash, Ctrl-C, time limit): never linger.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0)); // a clean exit, so --cpu-prof (BENCH_PROF) writes its profile
  const report = (msg) => process.send(msg);
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  process.on('message', (msg) => {
    if (msg === 'cpu') report({ cpuMs: cpuMs() });
    if (msg === 'heap') {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      report({ heapUsed: process.memoryUsage().heapUsed });
    }
  });
  if (role === 'koa' || role === 'koa-like') {
    const { default: Koa } = await import('koa');
    const app = new Koa();
    const body = { authenticated: true, user: USER, method: 'password', expiresAt: new Date().toISOString() };
    app.use(
      role === 'koa'
        ? (ctx) => {
            ctx.body = 'Hello World';
          }
        : (ctx) => {
            ctx.set({
              'X-Request-Id': crypto.randomUUID(),
              'Cache-Control': 'no-store',
              Pragma: 'no-cache',
              'X-Content-Type-Options': 'nosniff',
              'Referrer-Policy': 'no-referrer',
              'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
              'Cross-Origin-Resource-Policy': 'same-site',
              Vary: 'Origin',
            });
            ctx.body = body;
          },
    );
    const server = app.listen(0, '127.0.0.1', () => report({ port: server.address().port }));
    return;
  }
  if (role === 'sim') {
    const { startBroadworksSimulator } = await import('@auth-login/simulators');
    const sim = await startBroadworksSimulator({ port: 0, soap: false });
    return report({ port: sim.port });
  }
  if (role === 'otlp-sink') {
    // Where the traced BFF sends its spans (OTLP/HTTP): decodes each export (protobuf or JSON),
    // counts its spans and answers 200, like a collector. Asked 'spans', it reports the count.
    const http = await import('node:http');
    let spans = 0;
    let exports = 0;
    let bytes = 0;
    process.on('message', (msg) => msg === 'spans' && report({ spans, exports, bytes }));
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        spans += /json/.test(req.headers['content-type'] ?? '') ? countJsonSpans(body) : countProtobufSpans(body);
        exports++;
        bytes += body.length;
        res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
      });
    });
    server.listen(0, '127.0.0.1', () => report({ port: server.address().port }));
    return;
  }
  // Requests this server received, by kind (section 4: the spans the traced BFF must have exported).
  const received = { session: 0, signIn: 0, other: 0 };
  (await import('node:diagnostics_channel')).subscribe('http.server.request.start', ({ request }) => {
    received[/\/password$/.test(request.url) ? 'signIn' : /\/session$/.test(request.url) ? 'session' : 'other']++;
  });
  process.on('message', (msg) => msg === 'received' && report({ received }));
  const { startBff, connectorRegistry } = await import(new URL('index.js', dist));
  const bwEntry = (port) => ({
    type: 'broadworks-oci',
    transport: 'tcp',
    host: '127.0.0.1',
    port: Number(port),
    ...ADMIN,
    poolSize: POOL,
  });
  if (role === 'direct') {
    const connector = connectorRegistry['broadworks-oci'].factory(
      connectorRegistry['broadworks-oci'].schema.parse(bwEntry(arg)),
      { logger: { debug() {}, info() {}, warn() {}, error() {} } },
    );
    const call = async () => {
      const outcome = await connector.password(BW_USER, { signal: AbortSignal.timeout(5_000) });
      if (!outcome.ok) throw new Error('direct sign-in failed');
    };
    for (let i = 0; i < 50; i++) await call(); // warm: pool logged in, JIT
    process.on('message', async (msg) => {
      if (!msg?.run) return;
      const cpu0 = cpuMs();
      const result =
        msg.run === 'closed'
          ? await closedLoop(msg.concurrency, call)
          : await paced({ rate: msg.rate, seconds: DURATION, maxInFlight: CONNECTIONS, call });
      report({ ...result, cpuPerReq: (cpuMs() - cpu0) / result.count });
    });
    return report({ ready: true });
  }
  const fast = {
    type: 'broadworks-oci',
    password({ identifier, password }) {
      return Promise.resolve(
        identifier === 'alice' && password === 'pw'
          ? { ok: true, user: USER }
          : { ok: false, reason: 'invalid_credentials' },
      );
    },
    async ready() {},
    async close() {},
  };
  // bff-plain / bff-metrics / bff-traced (section 4): in front of the simulator (arg: "simPort,sinkPort").
  const [simPort, sinkPort] = String(arg).split(',');
  const observed = {
    'bff-plain': {},
    'bff-metrics': { metrics: { listen: { host: '127.0.0.1', port: 0 } } },
    'bff-traced': {
      metrics: { listen: { host: '127.0.0.1', port: 0 } },
      tracing: { otlp: { url: `http://127.0.0.1:${sinkPort}/v1/traces` } },
    },
  }[role];
  const config =
    role === 'bff-bw'
      ? bffConfig('memory', { methods: { password: { connector: 'bw' } }, connectors: { bw: bwEntry(arg) } })
      : observed
        ? bffConfig('memory', {
            methods: { password: { connector: 'bw' } },
            connectors: { bw: bwEntry(simPort) },
            ...observed,
          })
        : bffConfig(role === 'bff-redis' ? { redis: arg } : 'memory');
  const { pino } = await import('pino');
  // Real JSON logs through pino's async destination, into /dev/null (BENCH_LOG=1: warnings to stderr).
  const logger = process.env.BENCH_LOG
    ? { write: (l) => (/"level":(40|50)/.test(l) ? process.stderr.write(l) : true) }
    : pino.destination({ dest: '/dev/null', sync: false });
  const running = await startBff(config, {
    port: 0,
    logger,
    throttleDelayMs: 0,
    ...(role === 'bff-bw' || observed ? {} : { connectors: { fast } }),
  });
  report({ port: Number(new URL(running.url).port) });
}

/** `concurrency` callers, each calling again as soon as its call returns, for DURATION s. */
async function closedLoop(concurrency, call) {
  const latencies = [];
  const started = performance.now();
  const end = started + DURATION * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return {
    rps: latencies.length / ((performance.now() - started) / 1000),
    count: latencies.length,
    ...percentiles(latencies),
  };
}

// ------------------------------------------------------------------ the load generator
const children = new Set();
let redisServer; // the bench's redis-server (test/support/redis-server.mjs), killed with the children
function start(role, arg = '') {
  // BENCH_PROF=<role>[,<role>…]: those servers run under `node --cpu-prof`; the profile is written
  // to BENCH_PROF_DIR (default /tmp/bff-prof) when the server is stopped with SIGTERM (section 4
  // stops its servers so; elsewhere stopAll's SIGKILL leaves none).
  const prof = process.env.BENCH_PROF?.split(',').includes(role)
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF_DIR ?? '/tmp/bff-prof'}`]
    : [];
  const child = fork(self, ['serve', role, arg], {
    execArgv: ['--expose-gc', ...prof],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  // One 'exit' listener for the child's whole life (a new one per message would pile up).
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench server "${role}" exited (${code})`);
  });
  exited.catch(() => {}); // an expected exit (we killed it) is not an unhandled rejection
  const next = () => Promise.race([once(child, 'message').then(([msg]) => msg), exited]);
  return next().then((first) => ({
    child,
    ...first,
    ask: (q) => (child.send(q), next()),
    cpu: () => (child.send('cpu'), next()).then((m) => m.cpuMs),
  }));
}
function stopAll() {
  for (const child of children) child.kill('SIGKILL');
  void redisServer?.kill(); // SIGKILL sent at once; a no-op after stop()
}

/** autocannon, closed loop; plus the server's CPU per answered request. */
async function load(autocannon, server, opts) {
  const cpu0 = await server.cpu();
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const cpu1 = await server.cpu();
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad)
    console.warn(
      `  (${opts.url}: ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodeStats ?? {})}, ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
  const count = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad,
    count,
    cpuPerReq: (cpu1 - cpu0) / Math.max(1, count),
  };
}

/** Paced HTTP load (open loop) over CONNECTIONS keep-alive connections; µs-precision latencies. */
async function pacedHttp(server, { url, method, headers, body }, rate) {
  const { Pool } = await import('undici');
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: CONNECTIONS });
  const cpu0 = await server.cpu();
  try {
    const result = await paced({
      rate,
      seconds: DURATION,
      maxInFlight: CONNECTIONS,
      call: async () => {
        const res = await pool.request({ path: target.pathname, method, headers, body });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`paced sign-in answered ${res.statusCode}`);
      },
    });
    return { ...result, cpuPerReq: ((await server.cpu()) - cpu0) / result.count };
  } finally {
    await pool.close();
  }
}

async function signInCookie(port, user = { identifier: 'alice', password: 'pw' }) {
  const res = await fetch(`http://127.0.0.1:${port}/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf': '1' },
    body: JSON.stringify(user),
  });
  if (res.status !== 200) throw new Error(`bench sign-in failed: ${res.status}`);
  return res.headers.getSetCookie()[0].split(';')[0];
}

const post = (port, body) => ({
  url: `http://127.0.0.1:${port}/auth/password`,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-csrf': '1' },
  body: JSON.stringify(body),
});

async function main() {
  const watchdog = setTimeout(() => {
    console.error(`\nbench: over the ${TIMEOUT_S} s limit (BENCH_TIMEOUT_S); stopping`);
    stopAll();
    process.exit(2);
  }, TIMEOUT_S * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      stopAll();
      process.exit(130);
    });
  process.on('exit', stopAll);

  const { default: autocannon } = await import('autocannon');
  if (process.env.BENCH_ONLY === 'obs') {
    // Only section 4 (metrics + tracing overhead): `BENCH_ONLY=obs node bench/http.mjs`.
    const rows = [];
    const goals = [];
    try {
      await observabilityOverhead(autocannon, rows, goals);
    } finally {
      stopAll();
    }
    printObservability(rows, goals);
    return;
  }
  const { startRedisServer } = await import('../test/support/redis-server.mjs');
  const { Redis } = await import('ioredis');
  const redis = (redisServer = await startRedisServer());
  const rows = [];
  const goals = [];
  try {
    // 1. GET /session (signed in) vs bare Koa.
    const koa = await start('koa');
    const koaLike = await start('koa-like');
    const mem = await start('bff-memory');
    const red = await start('bff-redis', redis.url);
    const cookie = await signInCookie(mem.port);
    const redisCookie = await signInCookie(red.port);
    const runs = { bare: [], like: [], session: [], sessionRedis: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await load(autocannon, koa, { url: `http://127.0.0.1:${koa.port}/` }));
      runs.session.push(
        await load(autocannon, mem, { url: `http://127.0.0.1:${mem.port}/auth/session`, headers: { cookie } }),
      );
      runs.like.push(await load(autocannon, koaLike, { url: `http://127.0.0.1:${koaLike.port}/` }));
      runs.sessionRedis.push(
        await load(autocannon, red, {
          url: `http://127.0.0.1:${red.port}/auth/session`,
          headers: { cookie: redisCookie },
        }),
      );
    }
    koaLike.child.kill(); // bare Koa stays: the HTTP-hop floor of section 2
    const bare = best(runs.bare);
    const session = best(runs.session);
    const sessionRedis = best(runs.sessionRedis);
    const like = best(runs.like);
    rows.push(['bare Koa hello world', bare, '']);
    rows.push([
      'bare Koa, same headers + JSON body as /session',
      like,
      `${pct(like.rps / bare.rps)} of bare Koa (the response's shape alone)`,
    ]);
    rows.push([
      'GET /auth/session, memory store',
      session,
      `${pct(session.rps / bare.rps)} of bare Koa (goal >= 70%); ${pct(session.rps / like.rps)} of the same-shape Koa`,
    ]);
    rows.push(['GET /auth/session, Redis store', sessionRedis, `${pct(sessionRedis.rps / bare.rps)} of bare Koa`]);
    goals.push(['GET /session >= 70% of bare Koa req/s', session.rps / bare.rps >= 0.7, pct(session.rps / bare.rps)]);

    // 2. POST /password through the BroadWorks simulator vs the connector alone.
    const sim = await start('sim');
    const direct = await start('direct', sim.port);
    const bw = await start('bff-bw', sim.port);
    await load(autocannon, bw, { ...post(bw.port, BW_USER), duration: 1 }); // warm-up: pool logged in, JIT
    const closed = { direct: [], bff: [] };
    for (let round = 0; round < ROUNDS; round++) {
      closed.direct.push(await direct.ask({ run: 'closed', concurrency: CONNECTIONS }));
      closed.bff.push(await load(autocannon, bw, post(bw.port, BW_USER)));
    }
    const capDirect = best(closed.direct);
    const capBff = best(closed.bff);
    const rate = Math.max(10, Math.round(0.25 * Math.min(capDirect.rps, capBff.rps)));
    const open = { direct: [], bff: [], hop: [] };
    for (let round = 0; round < ROUNDS; round++) {
      open.direct.push(await direct.ask({ run: 'paced', rate }));
      open.bff.push(await pacedHttp(bw, post(bw.port, BW_USER), rate));
      open.hop.push(await pacedHttp(koa, { url: `http://127.0.0.1:${koa.port}/`, method: 'GET' }, rate));
    }
    koa.child.kill();
    const hop = lowest(open.hop);
    const eqDirect = lowest(open.direct);
    const eqBff = lowest(open.bff);
    const overhead = eqBff.p50 - eqDirect.p50;
    const saturatedGap = capBff.p50 - capDirect.p50;
    rows.push([`sign-in, direct connector, saturated (${CONNECTIONS} concurrent)`, capDirect, '']);
    rows.push([
      `POST /auth/password via BFF, saturated (${CONNECTIONS} conns)`,
      capBff,
      `${pct(capBff.rps / capDirect.rps)} of direct req/s; p50 gap ${saturatedGap.toFixed(2)} ms = capacity, not overhead`,
    ]);
    rows.push([`sign-in, direct connector, paced ${rate}/s (${CONNECTIONS} conns)`, eqDirect, '']);
    rows.push([
      `POST /auth/password via BFF, paced ${rate}/s (${CONNECTIONS} conns)`,
      eqBff,
      `p50 overhead ${overhead.toFixed(2)} ms (goal < 1 ms)`,
    ]);
    rows.push([
      `  HTTP hop alone: bare Koa hello world, paced ${rate}/s, same client`,
      hop,
      `of the overhead: ~${hop.p50.toFixed(2)} ms is the HTTP hop, ~${(overhead - hop.p50).toFixed(2)} ms the BFF's own work`,
    ]);
    goals.push([
      `sign-in overhead < 1 ms at the median, ${CONNECTIONS} connections, equal load`,
      overhead < 1,
      `${overhead.toFixed(2)} ms`,
    ]);
    const bffCpuOwn = capBff.cpuPerReq;
    rows.push([
      '  BFF CPU per sign-in (saturated run)',
      { cpuPerReq: bffCpuOwn },
      `direct connector process: ${capDirect.cpuPerReq.toFixed(3)} ms`,
    ]);

    // 3. memory per 10,000 idle sessions
    const before = (await mem.ask('heap')).heapUsed;
    const made = await autocannon({
      ...post(mem.port, { identifier: 'alice', password: 'pw' }),
      connections: CONNECTIONS,
      amount: SESSIONS,
    });
    const after = (await mem.ask('heap')).heapUsed;
    const perSession = (after - before) / (SESSIONS - made.non2xx);
    const client = new Redis(redis.url);
    const used = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))[1]);
    const redisBefore = await used();
    const keysBefore = await client.dbsize();
    const madeRedis = await autocannon({
      ...post(red.port, { identifier: 'alice', password: 'pw' }),
      connections: CONNECTIONS,
      amount: SESSIONS,
    });
    const perRedisSession = ((await used()) - redisBefore) / (SESSIONS - madeRedis.non2xx);
    const keys = (await client.dbsize()) - keysBefore;
    client.disconnect();
    goals.push(['< 1 KB per idle session (memory store)', perSession < 1024, `${fmt(perSession, 0)} B`]);

    // 4. metrics + tracing on vs off
    const obsRows = [];
    await observabilityOverhead(autocannon, obsRows, goals);

    console.log(`\n${METHOD}\n`);
    console.log(
      `node ${process.version}, ${(await import('node:os')).cpus().length} CPUs, load average ${(
        await import('node:os')
      )
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; dist ${fileURLToPath(dist)}\n`,
    );
    console.log(
      table(
        ['run', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'ratio / note'],
        rows.map(([name, r, note]) => [name, fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.cpuPerReq, 3), note]),
      ),
    );
    console.log('');
    console.log(
      table(
        ['memory per idle session', 'bytes'],
        [
          [`memory store (heapUsed delta / ${SESSIONS})`, fmt(perSession, 0)],
          [`Redis (used_memory delta / ${SESSIONS}; ${keys} keys)`, fmt(perRedisSession, 0)],
        ],
      ),
    );
    console.log('');
    console.log(obsTable(obsRows));
    console.log('');
    console.log(
      table(
        ['goal (issue 8)', 'measured', 'result'],
        goals.map(([g, ok, m]) => [g, m, ok ? 'PASS' : 'FAIL']),
      ),
    );
  } finally {
    stopAll();
    await redis.stop();
  }
}

/**
 * Section 4: metrics and tracing on vs off (see METHOD). Rows per endpoint: (a) plain, (b) metrics,
 * (c) metrics + tracing; each figure is the median over the rounds, each ratio the median of the
 * per-round ratios against (a).
 */
async function observabilityOverhead(autocannon, rows, goals) {
  const sink = await start('otlp-sink');
  const sim = await start('sim');
  const variants = [
    ['a', 'plain', await start('bff-plain', `${sim.port},${sink.port}`)],
    ['b', 'metrics on', await start('bff-metrics', `${sim.port},${sink.port}`)],
    ['c', 'metrics + tracing (100% sampled, OTLP)', await start('bff-traced', `${sim.port},${sink.port}`)],
  ];
  const traced = variants[2][2];
  const targets = [];
  for (const [, , server] of variants) {
    targets.push({
      session: {
        url: `http://127.0.0.1:${server.port}/auth/session`,
        method: 'GET',
        headers: { cookie: await signInCookie(server.port, BW_USER) },
      },
      signIn: post(server.port, BW_USER),
    });
    await autocannon({ ...post(server.port, BW_USER), connections: CONNECTIONS, duration: 1 }); // warm-up: pool logged in, JIT
  }
  for (const [what, label] of [
    ['session', 'GET /auth/session'],
    ['signIn', 'POST /auth/password (BroadWorks simulator)'],
  ]) {
    const closed = variants.map(() => []);
    const open = variants.map(() => []);
    const order = (round) => variants.map((_, i) => (i + round) % variants.length); // a b c, b c a, c a b, ...
    for (let round = 0; round < OBS_ROUNDS; round++) {
      for (const i of order(round)) {
        const result = await load(autocannon, variants[i][2], targets[i][what]);
        closed[i].push(result);
      }
    }
    const rate = Math.max(10, Math.round(0.25 * Math.min(...closed.map((runs) => median(runs.map((r) => r.rps))))));
    for (let round = 0; round < OBS_ROUNDS; round++) {
      for (const i of order(round)) {
        const result = await pacedHttp(variants[i][2], targets[i][what], rate);
        open[i].push(result);
      }
    }
    const ratios = (runs, key) => median(runs.map((r, round) => r[key] / closed[0][round][key]));
    const pacedRatios = (runs, key) => median(runs.map((r, round) => r[key] / open[0][round][key]));
    variants.forEach(([letter, name], i) => {
      const med = (runs, key) => median(runs.map((r) => r[key]));
      const vs = i === 0 ? '' : ` ×${ratios(closed[i], 'rps').toFixed(2)}`;
      const p50 = pacedRatios(open[i], 'p50');
      rows.push({
        run: `${label}: (${letter}) ${name}`,
        rps: `${fmt(med(closed[i], 'rps'), 0)}${vs}`,
        p50: `${fmt(med(open[i], 'p50'), 3)}${i === 0 ? '' : ` ×${p50.toFixed(2)}`}`,
        p99: `${fmt(med(open[i], 'p99'), 2)}${i === 0 ? '' : ` ×${pacedRatios(open[i], 'p99').toFixed(2)}`}`,
        cpu: `${fmt(med(open[i], 'cpuPerReq'), 3)}${i === 0 ? '' : ` ×${pacedRatios(open[i], 'cpuPerReq').toFixed(2)}`}`,
        closedP50: fmt(med(closed[i], 'p50'), 1),
      });
      if (i > 0)
        goals.push([
          `${label} p50, (${letter}) ${name} within 10% of plain (paced ${rate}/s, median of ${OBS_ROUNDS} ratios)`,
          p50 <= 1.1,
          `${(p50 * 100).toFixed(0)}%`,
        ]);
    });
    rows.push({ run: `  (paced rate for ${label}: ${rate}/s, ${CONNECTIONS} connections)` });
  }
  // What (c) received (counted in its process): a GET /session makes one span, a sign-in two (the
  // SERVER span and its upstream CLIENT child), anything else one.
  const { received } = await traced.ask('received');
  const tracedRequests = received.session + received.signIn + received.other;
  const tracedSpans = received.session + 2 * received.signIn + received.other;
  // The BatchSpanProcessor sends within 5 s (its scheduled delay): wait until the sink has them all.
  let seen;
  for (let waited = 0; waited <= 8000; waited += 500) {
    seen = await sink.ask('spans');
    if (seen.spans >= tracedSpans) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const exported = `${seen.spans} of ${tracedSpans} expected for ${tracedRequests} requests (${pct(seen.spans / tracedSpans)}), ${seen.exports} exports, ${fmt(seen.bytes / Math.max(1, seen.spans), 0)} B/span`;
  rows.push({ run: `  spans received by the OTLP sink from (c): ${exported}` });
  goals.push(['(c) exported every span it made (OTLP sink count)', seen.spans >= tracedSpans, exported]);
  await Promise.all(
    [sink, sim, ...variants.map(([, , server]) => server)].map(
      (server) => (server.child.kill(), once(server.child, 'exit')),
    ),
  );
}

const OBS_HEAD = [
  'run',
  'req/s closed (× a)',
  'p50 ms paced (× a)',
  'p99 ms paced (× a)',
  'CPU ms/req paced (× a)',
  'p50 ms closed',
];
const obsTable = (rows) =>
  table(
    OBS_HEAD,
    rows.map((r) => [r.run, r.rps ?? '', r.p50 ?? '', r.p99 ?? '', r.cpu ?? '', r.closedP50 ?? '']),
  );

function printObservability(rows, goals) {
  console.log(`\n${METHOD}\n`);
  console.log(obsTable(rows));
  console.log('');
  console.log(
    table(
      ['goal', 'measured', 'result'],
      goals.map(([g, ok, m]) => [g, m, ok ? 'PASS' : 'FAIL']),
    ),
  );
}

/** The spans in an OTLP/HTTP JSON export. */
function countJsonSpans(body) {
  let n = 0;
  for (const rs of JSON.parse(body.toString()).resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}

/** The spans in an OTLP/HTTP protobuf export: ExportTraceServiceRequest.resource_spans(1).scope_spans(2).spans(2). */
function countProtobufSpans(buf) {
  const varint = (at) => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = buf[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return [value, at];
    }
  };
  // The length-delimited fields numbered `field` in buf[start, end), as [start, end) each.
  const fields = (start, end, field) => {
    const found = [];
    for (let at = start; at < end;) {
      const [key, next] = varint(at);
      at = next;
      const wire = key % 8;
      if (wire === 0) at = varint(at)[1];
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else if (wire === 2) {
        const [length, from] = varint(at);
        if (Math.floor(key / 8) === field) found.push([from, from + length]);
        at = from + length;
      } else throw new Error(`OTLP sink: unexpected protobuf wire type ${wire}`);
    }
    return found;
  };
  let n = 0;
  for (const [rs, rsEnd] of fields(0, buf.length, 1))
    for (const [ss, ssEnd] of fields(rs, rsEnd, 2)) n += fields(ss, ssEnd, 2).length;
  return n;
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The best round: highest req/s (closed loops). */
const best = (runs) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
/** The best round of a paced run: lowest median (the rate is the same in every round). */
const lowest = (runs) => runs.reduce((a, b) => (b.p50 < a.p50 ? b : a));
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const fmt = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '-');
function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3], process.argv[4]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      stopAll();
      process.exit(1);
    },
  );
}
