#!/usr/bin/env node
// An attack, measured (docs/security.md A-01..A-03): a CLOSED-LOOP flood of wrong passwords across
// many accounts and many client addresses, while a PACED legitimate user signs in to one of the
// flooded accounts. Reports the legitimate user's p50/p99 and success rate, the upstream logins the
// flood caused (counted by the simulator), and the BFF's CPU per refused request.
// Run by `pnpm bench` after `pnpm build` (uses ../dist; BENCH_DIST=<dir> for another build).
// ATTACK_SECONDS=6 FLOOD=32 (concurrent attackers) ACCOUNTS=40 RATE=10 (legit sign-ins per second).
//
// Processes: this one is the load generator AND the Authing simulator (the upstream); it forks
// itself as `attack.mjs bff <simulator url> <appId>` for the BFF, so the BFF's CPU is its own.
// The BFF sits behind a trusted proxy (trustProxy: true): each attacker request carries a fresh
// client address in X-Forwarded-For, as a botnet would present through a real load balancer.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { paced } from './load.mjs';

const SECONDS = Number(process.env.ATTACK_SECONDS ?? 6);
const FLOOD = Number(process.env.FLOOD ?? 32);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 40);
const RATE = Number(process.env.RATE ?? 10);
const ORIGIN = 'http://localhost:5173';
const dist = process.env.BENCH_DIST
  ? pathToFileURL(`${process.env.BENCH_DIST.replace(/\/$/, '')}/`)
  : new URL('../dist/', import.meta.url);
const self = fileURLToPath(import.meta.url);
const LIMITS = {
  perAccount: { failures: 5, window: '15m', lock: '15m' },
  accountCeiling: { failures: 20, window: '15m' },
  perIp: { failures: 50, window: '15m', lock: '15m' },
};

if (process.argv[2] === 'bff') {
  process.on('disconnect', () => process.exit(0));
  const { startBff } = await import(new URL('index.js', dist));
  const [, , , url, appId] = process.argv;
  const running = await startBff(
    {
      listen: { host: '127.0.0.1', port: 0 },
      trustProxy: true,
      allowedOrigins: [ORIGIN],
      session: { secrets: ['bench-session-secret-0123456789-abcdef-xyz'], cookie: { secure: false } },
      methods: { password: { connector: 'au' } },
      connectors: { au: { type: 'authing', appHost: url, appId, timeout: '5s' } },
      limits: LIMITS,
    },
    // Every request logged as JSON through pino into /dev/null: the real formatting cost.
    { logger: (await import('pino')).default.destination({ dest: '/dev/null', sync: false }) },
  );
  let cpu = process.cpuUsage();
  process.on('message', (msg) => {
    if (msg === 'cpu-start') cpu = process.cpuUsage();
    if (msg === 'cpu-stop') {
      const used = process.cpuUsage(cpu);
      process.send({ cpuMs: (used.user + used.system) / 1000 });
    }
  });
  process.send({ port: running.server.address().port });
} else {
  const { startAuthingSimulator } = await import(new URL('../../simulators/dist/index.js', import.meta.url));
  const sim = await startAuthingSimulator({ port: 0 });
  const child = fork(self, ['bff', sim.url, sim.appId], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ port }] = await once(child, 'message');
  const base = `http://127.0.0.1:${port}/auth/password`;
  const agent = new Agent({ connections: FLOOD + 8, pipelining: 1 });
  const post = async (identifier, password, client) => {
    const res = await request(base, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'x-csrf': '1', origin: ORIGIN, 'x-forwarded-for': client },
      body: JSON.stringify({ identifier, password }),
    });
    await res.body.dump();
    return res.statusCode;
  };
  const logins = () => sim.calls.filter((c) => c.kind.startsWith('POST /graphql/v2 login')).length;

  // The legitimate user (grace, one of the flooded accounts) has signed in from home before.
  const HOME = '198.51.100.7';
  if ((await post('grace', 'authing-password2', HOME)) !== 200)
    throw new Error('legit sign-in failed before the flood');
  // Baseline: the legitimate user alone, same pace.
  const alone = await paced({
    rate: RATE,
    seconds: 3,
    maxInFlight: 4,
    call: () => post('grace', 'authing-password2', HOME),
  });
  const before = logins();
  const statuses = new Map();
  let stop = false;
  let n = 0;
  const accounts = ['grace', 'ada', ...Array.from({ length: ACCOUNTS - 2 }, (_, i) => `user${i}`)];
  const attacker = async () => {
    while (!stop) {
      n += 1;
      // A fresh address for every request: 10.x.y.z, never the same twice in a run.
      const client = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const status = await post(accounts[n % accounts.length], `guess-${n}`, client);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  child.send('cpu-start');
  const flood = Array.from({ length: FLOOD }, attacker);
  let legitFailures = 0;
  const legit = await paced({
    rate: RATE,
    seconds: SECONDS,
    maxInFlight: 4,
    call: async () => {
      if ((await post('grace', 'authing-password2', HOME)) !== 200) legitFailures += 1;
    },
  });
  child.send('cpu-stop');
  const [{ cpuMs }] = await once(child, 'message');
  const flooded = [...statuses.values()].reduce((a, b) => a + b, 0);
  // Then every flooded account is at its ceiling: a phase where the flood is refused only.
  const refusedBefore = statuses.get(429) ?? 0;
  const upstreamBefore = logins();
  child.send('cpu-start');
  await new Promise((r) => setTimeout(r, 3_000));
  child.send('cpu-stop');
  const [{ cpuMs: refusedCpuMs }] = await once(child, 'message');
  const refusedOnly = (statuses.get(429) ?? 0) - refusedBefore;
  const reachedInRefusedPhase = logins() - upstreamBefore;
  stop = true;
  await Promise.all(flood);
  const upstream = upstreamBefore - before - legit.count;
  console.log(
    `limits: perAccount ${LIMITS.perAccount.failures}/15m per account+client, accountCeiling ${LIMITS.accountCeiling.failures}/15m, perIp ${LIMITS.perIp.failures}/15m`,
  );
  console.log(
    `flood: ${FLOOD} closed-loop attackers, ${ACCOUNTS} accounts, a fresh IPv4 per request, ${SECONDS} s; legit: ${RATE}/s paced`,
  );
  console.table({
    'flood requests': flooded,
    'flood req/s': +(flooded / SECONDS).toFixed(0),
    'refused (429)': refusedBefore,
    'answered 401 (reached the upstream)': statuses.get(401) ?? 0,
    'upstream logins caused by the flood': upstream,
    'upstream bound (accounts × ceiling)': ACCOUNTS * LIMITS.accountCeiling.failures,
    'legit p50 / p99 ms, no attack': `${alone.p50.toFixed(1)} / ${alone.p99.toFixed(1)}`,
    'legit sign-ins': legit.count,
    'legit failures': legitFailures,
    'legit p50 ms': +legit.p50.toFixed(1),
    'legit p99 ms': +legit.p99.toFixed(1),
    'BFF CPU ms per request, whole attack': +(cpuMs / (flooded + legit.count)).toFixed(3),
    'refused-only phase: requests (3 s)': refusedOnly,
    'refused-only phase: reached the upstream': reachedInRefusedPhase,
    'BFF CPU ms per refused request': +(refusedCpuMs / refusedOnly).toFixed(3),
  });
  child.kill();
  await agent.close();
  await sim.close();
  if (legitFailures > 0 || upstream > ACCOUNTS * LIMITS.accountCeiling.failures) {
    console.log('FAIL: the legitimate user was refused, or the flood reached the upstream past the ceiling');
  }
}
