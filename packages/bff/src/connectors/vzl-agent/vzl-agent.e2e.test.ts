/**
 * End to end through the BFF's HTTP API (docs/architecture.md): POST /auth/password with the connector
 * built from YAML-shaped config (the registry line in connectors/index.ts) against the simulator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { startVzlSimulator, VZL_INTERNAL_REALM, type RunningVzlSimulator } from '@auth-login/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff, type BffMiddleware } from '../../app.js';

describe('vzl-agent password sign-in through the BFF HTTP API', () => {
  let sim: RunningVzlSimulator;
  let bff: BffMiddleware;
  let server: http.Server;
  let base: string;
  const logs: string[] = [];

  beforeAll(async () => {
    sim = await startVzlSimulator({ port: 0 });
    bff = createBff(
      {
        allowedOrigins: ['http://localhost:5173'],
        session: { secrets: ['vzl-e2e-test-secret-0123456789-abcdefgh'], cookie: { secure: false } },
        methods: { password: { connector: 'vz' } },
        connectors: {
          vz: {
            type: 'vzl-agent',
            host: sim.host,
            port: sim.port,
            tls: false,
            serviceUser: 'vzlservice',
            servicePassword: 'vzl-service-secret',
            realm: VZL_INTERNAL_REALM,
          },
        },
      },
      { logger: { write: (line: string) => void logs.push(line) }, throttleDelayMs: 1 },
    );
    const app = new Koa();
    app.use(bff);
    server = http.createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await bff?.close();
    await new Promise((r) => server?.close(r));
    await sim?.close();
  });

  const signIn = (identifier: string, password: string) =>
    fetch(`${base}/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf': '1' },
      body: JSON.stringify({ identifier, password }),
    });

  it('signs a VZL user in: 200 {user} with no token in it, and a session cookie', async () => {
    const res = await signIn('webadmin', 'hosting-password1');
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ user: { id: 'webadmin', provider: 'vzl-agent' } });
    expect(text).not.toMatch(/AQUAAAAA|hosting-password1/);
    expect(res.headers.get('set-cookie')).toBeTruthy();
  });

  it('a wrong password is 401 invalid_credentials without upstream words', async () => {
    const res = await signIn('webadmin', 'wrong-password');
    const text = await res.text();
    expect(res.status).toBe(401);
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    expect(text).not.toMatch(/1501|Authentication failed/);
    expect(logs.join('\n')).not.toContain('hosting-password1');
  });
});
