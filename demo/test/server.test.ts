/**
 * The demo server itself (scripts/demo-server.mjs, scripts/start.mjs): one port for the site, the
 * BFFs and the demo endpoints; a fallback port; nothing left listening after close / SIGTERM.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@auth-login/bff';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../scripts/presets.mjs';
import * as bffPackage from '@auth-login/bff';
import { readInbox, readPresets, startDemo, type Demo } from './support.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ port: 0, quiet: true });
});
afterAll(async () => {
  await demo?.close();
});

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const closeNet = (s: net.Server) => new Promise<void>((r) => s.close(() => r()));

describe('one origin', () => {
  it('runs every preset (startDemo refuses to start otherwise)', async () => {
    const presets = await readPresets(demo);
    expect(presets.length).toBeGreaterThan(0);
    expect(presets.filter((p) => !p.available).map((p) => `${p.id}: ${p.note}`)).toEqual([]);
  });

  it('refuses to start, naming the preset and why, when a preset cannot run', async () => {
    // A BFF without the vzl-agent connector: the Virtuozzo preset cannot start.
    const { 'vzl-agent': _dropped, ...registry } = bffPackage.connectorRegistry;
    await expect(
      startDemo({ port: 0, quiet: true, bff: { ...bffPackage, connectorRegistry: registry } }),
    ).rejects.toThrow(/preset\(s\) cannot start:[\s\S]*vzl-agent/);
  });

  it('serves the site, the presets and a BFF per preset on one port', async () => {
    const html = await (await fetch(demo.ipUrl)).text();
    expect(html).toContain('<script type="module" src="/src/main.ts"></script>');
    const presets = await readPresets(demo);
    expect(presets.map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));
    for (const p of presets.filter((x) => x.available)) {
      const session = await fetch(new URL(`${p.endpoint}/session`, demo.ipUrl));
      expect(session.status).toBe(200);
      expect(await session.json()).toEqual({ authenticated: false });
      const config = (await (await fetch(new URL(`${p.endpoint}/config`, demo.ipUrl))).json()) as {
        methods: { id: string }[];
      };
      expect(config.methods.map((m) => m.id).sort()).toEqual(p.tabs.map((t) => t.method).sort());
    }
  });

  it('shows no BFF secret to the browser: configs are YAML with ${ENV} references', async () => {
    const body = await (await fetch(new URL('/demo/presets', demo.ipUrl))).text();
    expect(body).not.toContain('adminSecret');
    expect(body).not.toContain('vzl-service-secret');
    expect(body).not.toContain('"config"');
    const presets = await readPresets(demo);
    for (const p of presets.filter((x) => x.available)) expect(p.yaml).toContain('${SESSION_SECRET}');
  });

  it('shows, for each preset, a YAML config the BFF itself accepts', async () => {
    const env = {
      SESSION_SECRET: 'demo-server-test-secret-0123456789-abcd',
      OCI_USER: 'u',
      OCI_PASSWORD: 'p',
      VZL_USER: 'u',
      VZL_PASSWORD: 'p',
      DP_API_KEY: 'k',
      AUTHING_APP_ID: 'a',
      AUTHING_POOL_ID: 'p',
    };
    const dir = await mkdtemp(join(tmpdir(), 'demo-yaml-'));
    try {
      for (const p of (await readPresets(demo)).filter((x) => x.available)) {
        const file = join(dir, `${p.id}.yaml`);
        await writeFile(file, p.yaml);
        const config = await loadConfig(file, env);
        expect(Object.keys(config.methods).sort()).toEqual(p.tabs.map((t) => t.method).sort());
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers an unknown preset with a JSON 404 and keeps the BFF CSRF rule', async () => {
    const unknown = await fetch(new URL('/auth/nope/session', demo.ipUrl));
    expect(unknown.status).toBe(404);
    const preset = (await readPresets(demo)).find((p) => p.available && p.tabs.some((t) => t.method === 'password'));
    if (!preset) throw new Error('no preset with a password tab is available');
    const noCsrf = await fetch(new URL(`${preset.endpoint}/password`, demo.ipUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'x', password: 'y' }),
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe('csrf_rejected');
  });

  it('lists the codes the simulators sent in the inbox', async () => {
    const presets = await readPresets(demo);
    const preset = presets.find((p) => p.available && p.tabs.some((t) => t.method === 'phone'));
    if (!preset) throw new Error('no preset with a phone tab is available');
    const phone = preset.tabs.find((t) => t.method === 'phone')!.accounts[0]!.identifier;
    const before = Date.now() - 1;
    const sent = await fetch(new URL(`${preset.endpoint}/phone/code`, demo.ipUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf': '1', origin: new URL(demo.url).origin },
      body: JSON.stringify({ phone }),
    });
    expect(sent.status).toBe(202);
    const messages = await readInbox(demo);
    const mine = messages.find((m) => m.at >= before && m.channel === 'sms');
    expect(mine?.code).toMatch(/^\d{4,8}$/);
  });
});

describe('ports', () => {
  it('falls back to a free port when the requested one is taken, and releases it on close', async () => {
    const blocker = await listenOn(0);
    const taken = (blocker.address() as net.AddressInfo).port;
    const other = await startDemo({ port: taken, quiet: true });
    try {
      expect(other.port).not.toBe(taken);
      expect((await fetch(other.ipUrl)).status).toBe(200);
    } finally {
      await other.close();
      await closeNet(blocker);
    }
    // Its port is free again: nothing was left listening.
    await closeNet(await listenOn(other.port));
  });
});

const built = ['../../packages/bff/dist/index.js', '../../packages/simulators/dist/index.js'].every((p) =>
  existsSync(fileURLToPath(new URL(p, import.meta.url))),
);

describe.runIf(built)('scripts/start.mjs (runs on the built packages, as `pnpm demo` does)', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints the URL and accounts, serves the page, and stops on %s leaving the port free',
    async (signal) => {
      const child = spawn(process.execPath, [fileURLToPath(new URL('../scripts/start.mjs', import.meta.url))], {
        env: { ...process.env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      try {
        await expect.poll(() => /http:\/\/localhost:(\d+)\//.test(out), { timeout: 30_000 }).toBe(true);
        const port = Number(/http:\/\/localhost:(\d+)\//.exec(out)![1]);
        await expect.poll(() => out.includes('Ctrl-C'), { timeout: 10_000 }).toBe(true);
        expect(out).toContain('alice@example.com');
        expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill(signal);
        expect(await exited).toBe(0);
        await closeNet(await listenOn(port));
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );
});
