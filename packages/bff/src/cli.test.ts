import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';

const SECRET = 'cli-secret-canary-0123456789abcdef0123';
let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'auth-bff-cli-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env, signals: false } };
}

describe('auth-bff CLI', () => {
  it('exits 2 naming the key of an invalid config, never the secret value', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'session:\n  secrets: [${S}]\n  idleTimeot: 5m\n');
    const t = io({ S: SECRET });
    expect(await main(['--config', file], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('session.idleTimeot: unknown key');
    expect(t.err.join('\n')).not.toContain(SECRET);
  });

  // A secret pasted into the wrong key must not be printed back (e.g. `idleTimeout: ${SESSION_SECRET}`).
  it.each([
    ['idleTimeout', 'session:\n  secrets: [${S}]\n  idleTimeout: ${S}\n', 'session.idleTimeout: is not a duration'],
    ['sameSite', 'session:\n  secrets: [${S}]\n  cookie: { sameSite: ${S} }\n', 'session.cookie.sameSite:'],
    ['listen.port', 'listen: { port: ${S} }\nsession:\n  secrets: [${S}]\n', 'listen.port:'],
    ['allowedOrigins', 'allowedOrigins: [${S}]\nsession:\n  secrets: [${S}]\n', 'allowedOrigins[0]:'],
  ])('a secret in the wrong key (%s): the key is named, the value never', async (_, yaml, expected) => {
    const file = join(dir, 'misplaced.yaml');
    await writeFile(file, yaml);
    const t = io({ S: SECRET });
    expect(await main(['--config', file], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain(expected);
    expect(t.err.join('\n')).not.toContain(SECRET);
    expect(t.err.join('\n')).not.toContain(SECRET.slice(0, 12));
  });

  it('exits 2 for a missing environment variable, naming key and variable', async () => {
    const file = join(dir, 'env.yaml');
    await writeFile(file, 'session:\n  secrets: [${SESSION_SECRET}]\n');
    const t = io();
    expect(await main(['--config', file], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('session.secrets[0]: environment variable SESSION_SECRET is not set');
  });

  it.each([[[]], [['--config']], [['--config', 'x', '--port', 'abc']], [['--bogus']]])(
    'exits 2 for bad arguments %j',
    async (argv) => {
      const t = io();
      expect(await main(argv, t.io)).toBe(2);
      expect(t.err.join('\n')).toMatch(/auth-bff: /);
    },
  );

  it('starts, prints its URL, serves /healthz and the API', async () => {
    const file = join(dir, 'ok.json');
    await writeFile(file, JSON.stringify({ session: { secrets: ['${S}'] }, listen: { host: '127.0.0.1', port: 1 } }));
    const t = io({ S: SECRET });
    const running = await main(['--config', file, '--port', '0'], t.io);
    if (typeof running === 'number') throw new Error(`exit ${running}: ${t.err.join('\n')}`);
    try {
      expect(t.out[0]).toBe(`auth-bff listening on ${running.url} (API at ${running.url}/auth)`);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${running.url}/auth/config`)).json()).toEqual({ methods: [] });
    } finally {
      await running.close();
    }
  });
});
