#!/usr/bin/env node
// Verifications per second through ONE kept-open OCI-P admin session vs a fresh connect + admin
// login per verification, side by side against the simulator (issue 4; docs/protocols/broadworks-oci.md §7.6).
// Runs against the BUILT packages: `pnpm build` first. Each variant runs for BENCH_MS (default 3 s).
import { startBroadworksSimulator } from '../../simulators/dist/index.js';
import { broadworksOciConfigSchema, createBroadworksOciConnector } from '../dist/connectors/broadworks-oci/index.js';

const DURATION = Number(process.env.BENCH_MS ?? 3000);
const logger = { debug() {}, info() {}, warn() {}, error() {} };
const input = { identifier: 'alice@example.com', password: 'alice-password1' };

const sim = await startBroadworksSimulator({ port: 0, soap: false });
const connectorFor = (extra = {}) =>
  createBroadworksOciConnector(
    broadworksOciConfigSchema.parse({
      type: 'broadworks-oci',
      host: sim.host,
      port: sim.port,
      adminUserId: 'admin@example.com',
      adminPassword: 'adminSecret',
      ...extra,
    }),
    { logger },
  );

async function verifyOnce(connector) {
  const r = await connector.password(input, { signal: AbortSignal.timeout(5000) });
  if (!r.ok) throw new Error('verification failed during the bench');
}

/** Runs `worker` in `concurrency` loops until DURATION is spent; returns verifications done. */
async function run(concurrency, worker) {
  const end = Date.now() + DURATION;
  let n = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await worker();
        n++;
      }
    }),
  );
  return { n, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const rows = [];
try {
  // 1. One kept-open session (poolSize 1), warmed up: the login happens once, before timing.
  const kept = connectorFor({ poolSize: 1 });
  await kept.ready({ signal: AbortSignal.timeout(5000) });
  rows.push(['kept-open session (1 socket, sequential)', await run(1, () => verifyOnce(kept))]);
  await kept.close();

  // 2. A fresh connect + AuthenticationRequest + LoginRequest14sp4 for every verification.
  rows.push([
    'fresh connect + login (+ logout) per verif.',
    await run(1, async () => {
      const c = connectorFor({ poolSize: 1 });
      try {
        await verifyOnce(c);
      } finally {
        await c.close();
      }
    }),
  ]);

  // 3. For scale: the default pool (2 sockets) under 8 concurrent callers.
  const pooled = connectorFor({ poolSize: 2 });
  await pooled.ready({ signal: AbortSignal.timeout(5000) });
  rows.push(['kept-open pool (2 sockets, 8 concurrent)', await run(8, () => verifyOnce(pooled))]);
  await pooled.close();
} finally {
  await sim.close();
}

const rate = ({ n, seconds }) => n / seconds;
const fresh = rate(rows[1][1]);
console.log(
  `BroadWorks OCI-P verifications per second (simulator on ${sim.host}, ${DURATION} ms per variant, Node ${process.version})\n`,
);
console.log(
  `${'variant'.padEnd(44)} ${'verifs'.padStart(7)} ${'secs'.padStart(6)} ${'per sec'.padStart(9)} ${'vs fresh'.padStart(9)}`,
);
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(44)} ${String(r.n).padStart(7)} ${r.seconds.toFixed(2).padStart(6)} ${rate(r).toFixed(0).padStart(9)} ${(rate(r) / fresh).toFixed(1).padStart(8)}x`,
  );
}
