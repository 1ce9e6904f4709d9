import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpClient, type HttpClient } from './http.js';
import { UpstreamError } from '../connector.js';

const SECRET = 'S3cr3t-api-key-canary';

/** Starts a server on a random loopback port, tracking sockets so afterAll can really stop it. */
async function listen(server: Server): Promise<{ url: string; sockets: Set<Socket>; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamError);
    return err as UpstreamError;
  }
  throw new Error('expected an UpstreamError');
}

describe('createHttpClient', () => {
  let app: Awaited<ReturnType<typeof listen>>;
  let hung: Awaited<ReturnType<typeof listen>>;
  let target: Awaited<ReturnType<typeof listen>>;
  let targetHits = 0;
  let connections = 0;
  const clients: HttpClient[] = [];
  const client = (o: Partial<Parameters<typeof createHttpClient>[0]> = {}) => {
    const c = createHttpClient({ name: 'test', baseUrl: app.url, timeoutMs: 1000, ...o });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    target = await listen(
      createHttpServer((_q, s) => {
        targetHits++;
        s.end('{}');
      }),
    );
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/json')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1,"z":"012345"}');
      if (path === '/ctx/json')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"prefixed":true}');
      if (path === '/echo') {
        let body = '';
        req.on('data', (c: Buffer) => {
          body += c.toString();
        });
        req.on('end', () =>
          res
            .writeHead(200)
            .end(JSON.stringify({ body, ct: req.headers['content-type'], auth: req.headers.authorization })),
        );
        return;
      }
      if (path === '/html')
        return void res.writeHead(500, { 'content-type': 'text/html' }).end(`<h1>oops ${SECRET}</h1>`);
      if (path === '/big-declared')
        return void res.writeHead(200, { 'content-length': String(2_000_000) }).end(Buffer.alloc(2_000_000, 'a'));
      if (path === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 40; i++) res.write(Buffer.alloc(64 * 1024, 'a'));
        return void res.end();
      }
      if (path === '/redirect') return void res.writeHead(302, { location: `${target.url}/stolen` }).end();
      if (path === '/slow-body') {
        res.writeHead(200);
        res.write('{"a":');
        return;
      } // never ends
      if (path === '/bytes')
        return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0, 1, 2, 255]));
      res.writeHead(404).end('{}');
    };
    const server = createHttpServer(handler);
    server.on('connection', () => {
      connections++;
    });
    app = await listen(server);
    hung = await listen(
      createNetServer(() => {
        /* accepts, never answers */
      }),
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([app.close(), hung.close(), target.close()]);
  });

  it('parses JSON and keeps strings as strings', async () => {
    const res = await client().request<{ a: number; z: string }>({ method: 'GET', path: '/json' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ a: 1, z: '012345' });
  });

  it('sends JSON and form bodies with their content types', async () => {
    const c = client();
    const j = await c.request<{ body: string; ct: string }>({ method: 'POST', path: '/echo', json: { otp: '007' } });
    expect(j.body).toMatchObject({ body: '{"otp":"007"}', ct: 'application/json' });
    const f = await c.request<{ body: string; ct: string }>({
      method: 'POST',
      path: '/echo',
      form: { token: 'a b&c' },
    });
    expect(f.body).toMatchObject({ body: 'token=a+b%26c', ct: 'application/x-www-form-urlencoded' });
  });

  it('reuses the keep-alive connection', async () => {
    const c = client();
    const before = connections;
    for (let i = 0; i < 6; i++) await c.request({ method: 'GET', path: '/json' });
    // undici may open a second socket while the first is still finishing its message; never six.
    expect(connections - before).toBeLessThanOrEqual(2);
  });

  it('reads bytes and text when asked', async () => {
    const res = await client().request<Uint8Array>({ method: 'GET', path: '/bytes', expect: 'bytes' });
    expect([...res.body]).toEqual([0, 1, 2, 255]);
  });

  it("times out against a hung server when the caller's deadline fires", async () => {
    const c = createHttpClient({ name: 'test', baseUrl: hung.url, timeoutMs: 10_000 });
    clients.push(c);
    const t0 = performance.now();
    const err = await failure(
      c.request({
        method: 'POST',
        path: '/x',
        json: { password: SECRET },
        headers: { authorization: `Basic ${SECRET}` },
        signal: AbortSignal.timeout(300),
      }),
    );
    const took = performance.now() - t0;
    expect(err.kind).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(800);
    expect(err.message).not.toContain(SECRET);
  });

  it("without a caller's signal, undici's per-phase timers still end a hung request (backstop)", async () => {
    const c = createHttpClient({ name: 'test', baseUrl: hung.url, timeoutMs: 300 });
    clients.push(c);
    const err = await failure(c.request({ method: 'GET', path: '/x' }));
    expect(err.kind).toBe('timeout');
  });

  it('times out when the body stalls after the headers', async () => {
    const err = await failure(client({ timeoutMs: 300 }).request({ method: 'GET', path: '/slow-body' }));
    expect(err.kind).toBe('timeout');
  });

  it('honours the caller AbortSignal as a timeout', async () => {
    const c = createHttpClient({ name: 'test', baseUrl: hung.url, timeoutMs: 10_000 });
    clients.push(c);
    const t0 = performance.now();
    const err = await failure(c.request({ method: 'GET', path: '/x', signal: AbortSignal.timeout(150) }));
    expect(err.kind).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('maps a refused connection to unavailable', async () => {
    const probe = await listen(createNetServer());
    const url = probe.url;
    await probe.close();
    const c = createHttpClient({ name: 'test', baseUrl: url, timeoutMs: 1000 });
    clients.push(c);
    const err = await failure(c.request({ method: 'GET', path: '/x' }));
    expect(err.kind).toBe('unavailable');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('caps the response size (declared and streamed)', async () => {
    const c = client({ maxResponseBytes: 1024 * 1024 });
    expect((await failure(c.request({ method: 'GET', path: '/big-declared' }))).kind).toBe('bad_response');
    const err = await failure(c.request({ method: 'GET', path: '/big-chunked' }));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(/exceeds/);
    // The pool still works afterwards.
    expect((await c.request({ method: 'GET', path: '/json' })).status).toBe(200);
  });

  it('does not follow redirects', async () => {
    const before = targetHits;
    const err = await failure(client().request({ method: 'GET', path: '/redirect' }));
    expect(err.kind).toBe('bad_response');
    const seen = await client().request({
      method: 'GET',
      path: '/redirect',
      expect: 'none',
      allowRedirectStatus: true,
    });
    expect(seen.status).toBe(302);
    expect(targetHits).toBe(before);
  });

  it('maps non-JSON to bad_response without quoting the body or secrets', async () => {
    const err = await failure(
      client().request({
        method: 'POST',
        path: '/html?token=' + SECRET,
        json: { password: SECRET },
        headers: { Authorization: `Basic ${SECRET}` },
      }),
    );
    expect(err.kind).toBe('bad_response');
    expect(err.message).toContain('not JSON');
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('oops');
  });

  it('keeps the base URL path prefix (a gateway context path), with or without a trailing slash', async () => {
    // The old form of this test used `${app.url}/` — an empty prefix — so it could not fail.
    for (const baseUrl of [`${app.url}/ctx`, `${app.url}/ctx/`]) {
      const c = createHttpClient({ name: 'test', baseUrl, timeoutMs: 1000 });
      clients.push(c);
      expect((await c.request({ method: 'GET', path: '/json' })).body).toEqual({ prefixed: true });
    }
  });
});

describe('createHttpClient over TLS with a configurable CA', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof listen>>;
  let cert: string;
  const clients: HttpClient[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'http-ca-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const https = createHttpsServer({ cert, key: readFileSync(join(dir, 'key.pem')) }, (_q, s) =>
      s.end('{"tls":true}'),
    );
    const l = await listen(https);
    server = { ...l, url: l.url.replace('http:', 'https:') };
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown self-signed certificate as unavailable', async () => {
    const c = createHttpClient({ name: 'tls', baseUrl: server.url, timeoutMs: 2000 });
    clients.push(c);
    expect((await failure(c.request({ method: 'GET', path: '/' }))).kind).toBe('unavailable');
  });

  it('trusts the configured CA', async () => {
    const c = createHttpClient({ name: 'tls', baseUrl: server.url, timeoutMs: 2000, ca: cert });
    clients.push(c);
    expect((await c.request({ method: 'GET', path: '/' })).body).toEqual({ tls: true });
  });
});
