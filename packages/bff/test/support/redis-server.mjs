/**
 * A real, throw-away redis-server for tests and the bench (docs/development.md §7): loopback only, a free
 * port, no persistence (`--save '' --appendonly no`), its own temp dir; stopped by PID.
 *
 * `kill()` simulates an outage (SIGKILL, no goodbye), `restart()` brings a fresh, EMPTY server
 * back on the SAME port so ioredis clients reconnect by themselves.
 *
 * Test-only: lives outside src/ so it never ships in dist; plain JavaScript (types in
 * redis-server.d.mts) so the bench can import it without a build step.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Asks the OS for a free loopback port (tiny race window; fine for tests). */
/** @returns {Promise<number>} */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when `PING` gets `+PONG` within `timeoutMs`. */
function ping(host, port, timeoutMs = 300) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {import('./redis-server.mjs').StartRedisOptions} [options]
 * @returns {Promise<import('./redis-server.mjs').RedisServerHandle>}
 */
export async function startRedisServer(options = {}) {
  const host = '127.0.0.1';
  const port = options.port ?? (await freePort());
  const binary = options.binary ?? process.env.REDIS_SERVER_PATH ?? 'redis-server';
  const readyTimeoutMs = options.readyTimeoutMs ?? 5_000;
  const dir = mkdtempSync(join(tmpdir(), 'auth-login-redis-'));
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  let stopped = false;

  const launch = async () => {
    const proc = spawn(
      binary,
      [
        '--bind',
        host,
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    proc.stderr?.on('data', (chunk) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    const exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    const spawnError = new Promise((resolve) => proc.once('error', resolve));
    child = proc;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      const early = await Promise.race([
        exited.then((c) => `exited with ${c}`),
        spawnError.then((e) => e.message),
        sleep(50).then(() => ''),
      ]);
      if (early) throw new Error(`redis-server on port ${port} did not start: ${early} ${stderr.trim()}`);
      if (await ping(host, port)) return;
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server on port ${port} did not answer PING within ${readyTimeoutMs} ms`);
      }
    }
  };

  /** @param {NodeJS.Signals} signal */
  const killChild = async (signal) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();

  return {
    host,
    port,
    url: `redis://${host}:${port}/0`,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill: () => killChild('SIGKILL'),
    async restart() {
      if (stopped) throw new Error('redis-server handle was stopped');
      await killChild('SIGKILL');
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await killChild('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
