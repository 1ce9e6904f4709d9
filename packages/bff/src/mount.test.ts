/**
 * createBff inside SOMEONE ELSE's Koa app: it must neither need nor disturb the host's
 * app.keys, app.proxy or its own koa-session, and must pass every other path through.
 */
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import Koa from 'koa';
import createSession from 'koa-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff, type BffMiddleware } from './app.js';
import { baseConfig, Client, FakeConnector, PASSWORD } from './app.test-kit.js';
import { Writable } from 'node:stream';

let server: http.Server;
let base: string;
let bff: BffMiddleware;

beforeAll(async () => {
  const host = new Koa();
  host.keys = ['the-host-apps-own-key']; // must not matter to the BFF
  host.proxy = true; // the host trusts a proxy; the BFF (trustProxy: false) must not
  host.use(createSession({ key: 'host.sess' }, host));
  bff = createBff(baseConfig({ limits: { perIp: { failures: 2 } } }), {
    connectors: { idp: new FakeConnector() },
    logger: new Writable({ write: (_c, _e, done) => done() }),
  });
  host.use(bff);
  host.use((ctx) => {
    const session = ctx.session as { visits?: number };
    session.visits = (session.visits ?? 0) + 1;
    ctx.body = { host: true, path: ctx.path, visits: session.visits };
  });
  server = http.createServer(host.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await bff.close();
});

describe('createBff mounted in a host app', () => {
  it('serves its API and health, and passes other paths to the host', async () => {
    const client = new Client(`${base}/auth`);
    expect((await client.signIn()).status).toBe(200);
    expect((await client.get('/session')).body.user.id).toBe('alice');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const other = await fetch(`${base}/authx/not-ours`);
    expect((await other.json()) as object).toMatchObject({ host: true, path: '/authx/not-ours' });
  });

  it("keeps its cookie apart from the host's koa-session (no .sig cookie from host keys)", async () => {
    const client = new Client(`${base}/auth`);
    const res = await client.signIn();
    expect(res.setCookies).toHaveLength(1);
    expect(res.setCookies[0]).toMatch(/^__Host-auth=/);
    const hostRes = await fetch(`${base}/app`, { headers: { Cookie: client.cookie! } });
    expect(hostRes.headers.getSetCookie().some((c) => c.startsWith('host.sess='))).toBe(true);
    expect(((await hostRes.json()) as { visits: number }).visits).toBe(1);
  });

  it('ignores X-Forwarded-For although the host app sets proxy = true', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const client = new Client(`${base}/auth`);
      statuses.push(
        (
          await client.request('POST', '/password', {
            json: { identifier: `spray${i}`, password: 'x' },
            headers: { 'X-Forwarded-For': `9.9.9.${i}` },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 429]);
    expect(PASSWORD).toBeTruthy();
  });
});
