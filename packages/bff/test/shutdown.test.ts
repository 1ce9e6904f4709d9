/**
 * Graceful shutdown (issue 8): `bin/auth-bff.js --config FILE` as a real child process, on Redis,
 * in front of the BroadWorks simulator. On SIGTERM it stops accepting, lets the in-flight sign-in
 * finish, closes its upstream sockets and its Redis connection, and exits 0.
 *
 * The bin runs the BUILT code: the suite builds dist/ first when it is missing or older than src/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroadworksSimulator, type BroadworksSimulator } from '@auth-login/simulators';
import { startRedisServer, type RedisServerHandle } from './support/redis-server.mjs';
import { Browser, SECRET } from './support/bff-harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const cli = join(root, 'dist/cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestMtime(join(root, 'src'))) return;
  // TypeScript is the workspace root's dev dependency; Node's resolution finds it from here.
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
  spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  if (!existsSync(cli)) throw new Error('could not build packages/bff (dist/cli.js missing)');
}

let redis: RedisServerHandle;
let sim: BroadworksSimulator;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  ensureBuilt();
  [redis, sim] = await Promise.all([
    startRedisServer(),
    startBroadworksSimulator({ port: 0, soap: false, slowMs: 1_500 }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'auth-bff-shutdown-'));
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sim?.close();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function clientCount(admin: Redis): Promise<number> {
  return String(await admin.call('CLIENT', 'LIST'))
    .trim()
    .split('\n').length;
}

describe('SIGTERM on bin/auth-bff.js', () => {
  it('stops accepting, finishes the in-flight sign-in, closes upstream and Redis, exits 0', async () => {
    const file = join(dir, 'bff.json');
    writeFileSync(
      file,
      JSON.stringify({
        listen: { host: '127.0.0.1', port: 0 },
        session: { secrets: ['${SESSION_SECRET}'], cookie: { secure: false }, store: { redis: redis.url } },
        methods: { password: { connector: 'bw' } },
        connectors: {
          bw: {
            type: 'broadworks-oci',
            transport: 'tcp',
            host: '127.0.0.1',
            port: sim.port,
            adminUserId: 'admin@example.com',
            adminPassword: 'adminSecret',
            poolSize: 1,
          },
        },
      }),
    );
    const admin = new Redis(redis.url);
    const baseline = await clientCount(admin);
    const proc = spawn(process.execPath, [join(root, 'bin/auth-bff.js'), '--config', file], {
      env: { ...process.env, SESSION_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    while (!/listening on (http:\/\/\S+?) /.test(output) && Date.now() < deadline) await sleep(25);
    const url = /listening on (http:\/\/\S+?) /.exec(output)?.[1];
    expect(url, output).toBeDefined();

    try {
      // Warm up: the kept-open OCI-P session and the Redis connection exist.
      const alice = { identifier: 'alice@example.com', password: 'alice-password1' };
      expect((await new Browser().post(`${url}/auth/password`, alice)).status).toBe(200);
      expect(sim.connections).toBeGreaterThanOrEqual(1);
      expect(await clientCount(admin)).toBeGreaterThan(baseline);

      sim.setScenario('slow'); // the next verify takes 1.5 s
      const browser = new Browser();
      const inFlight = browser.post(`${url}/auth/password`, alice);
      await sleep(300);
      proc.kill('SIGTERM');
      await sleep(200);
      // No longer accepting: a new connection is refused.
      await expect(fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
      const finished = await inFlight;
      expect(finished.status).toBe(200);
      expect(finished.body).toMatchObject({ user: { id: 'alice@example.com' } });
      sim.setScenario('ok');

      expect(await Promise.race([exited, sleep(8_000).then(() => 'still running')])).toBe(0);
      expect(output).toMatch(/SIGTERM/);
      // Upstream sockets and the Redis connection are closed.
      for (let i = 0; i < 40 && (sim.connections > 0 || (await clientCount(admin)) > baseline); i++) await sleep(25);
      expect(sim.connections).toBe(0);
      expect(await clientCount(admin)).toBe(baseline);
      expect(output).not.toContain(SECRET);
    } finally {
      sim.setScenario('ok');
      admin.disconnect();
    }
  }, 30_000);
});
