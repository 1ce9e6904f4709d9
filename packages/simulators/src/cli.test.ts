/**
 * The auth-sim CLI (bin/auth-sim.js, run as a process against the BUILT package: `pnpm build`
 * first): fixed default ports that clash with nothing, every code it "sends" printed and served
 * on its loopback inbox, so the phone and OTP tabs work from the CLI alone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PORT_BASE, INBOX_PORT_OFFSET, simulatorRegistry } from './registry.js';

const bin = fileURLToPath(new URL('../bin/auth-sim.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('auth-sim default ports', () => {
  it('are distinct and clear of the real systems’ usual ports', () => {
    const ports = [DEFAULT_PORT_BASE + INBOX_PORT_OFFSET];
    for (const e of simulatorRegistry) {
      ports.push(DEFAULT_PORT_BASE + e.portOffset);
      if (e.name === 'broadworks-oci') ports.push(DEFAULT_PORT_BASE + e.portOffset + 1); // its SOAP port
    }
    expect(new Set(ports).size).toBe(ports.length);
    const real = [80, 443, 2208, 2209, 4433, 4434, 8080, 8443, 9080, 11080, 8787, 5173];
    for (const p of ports) expect(real).not.toContain(p);
    expect(ports).toEqual(expect.arrayContaining([17200, 17201, 17202, 17205, 17206, 17207, 17209]));
  });
});

describe('auth-sim CLI', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('prints every code it sends and lists them at GET /inbox (free ports)', async () => {
    expect(existsSync(built), 'the simulators are not built: run `pnpm build` first').toBe(true);
    child = spawn(process.execPath, [bin, '--free-ports', '--json', '--only', 'openiam,authing'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out.split('\n').length >= 3, { timeout: 10_000 }).toBe(true);
    const [simsLine, inboxLine] = out.split('\n');
    const sims = JSON.parse(simsLine!) as { name: string; url: string }[];
    const { inbox } = JSON.parse(inboxLine!) as { inbox: string };
    expect(inbox).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/inbox$/);
    expect(await (await fetch(inbox)).json()).toEqual([]);

    const iam = sims.find((s) => s.name === 'openiam')!.url;
    const sent = await fetch(`${iam}/selfservice/send-sms-verification-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        areaCd: '555',
        phoneNbr: '1234567',
        phoneExt: null,
        mdTypeId: 'CELL_PHONE',
        countryCd: '1',
        usedForSMS: true,
        published: true,
      }),
    });
    expect(sent.status).toBe(200);
    const authing = sims.find((s) => s.name === 'authing')!.url;
    const sms = await fetch(`${authing}/api/v2/sms/send`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-authing-app-id': 'authing-sim-app',
        'x-authing-userpool-id': 'authing-sim-pool',
      },
      body: JSON.stringify({ phone: '+8613800138000' }),
    });
    expect(sms.status).toBe(200);

    const messages = (await (await fetch(inbox)).json()) as { system: string; to: string; code: string }[];
    expect(messages.map((m) => m.system).sort()).toEqual(['authing', 'openiam']);
    for (const m of messages) {
      expect(m.code).toMatch(/^\d{4,6}$/);
      await expect
        .poll(() =>
          out.includes(JSON.stringify({ sent: { system: m.system, channel: 'sms', to: m.to, code: m.code } })),
        )
        .toBe(true);
    }
    expect((await fetch(inbox.replace('/inbox', '/other'))).status).toBe(404);
    expect((await fetch(inbox, { method: 'POST' })).status).toBe(405);
  });

  it('prints the codes in the human banner mode too', async () => {
    child = spawn(process.execPath, [bin, '--free-ports', '--only', 'openiam'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => /inbox\s+http:\/\/127\.0\.0\.1:\d+\/inbox/.test(out), { timeout: 10_000 }).toBe(true);
    const iam = /openiam\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    await fetch(`${iam}/selfservice/send-verification-code-by-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'olivia@example.com' }),
    });
    await expect.poll(() => /auth-sim: openiam email to olivia@example\.com: code \d{6}/.test(out)).toBe(true);
  });

  it('refuses --free-ports with --port-base', async () => {
    child = spawn(process.execPath, [bin, '--free-ports', '--port-base', '27200'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(err).toContain('exclude each other');
  });
});
