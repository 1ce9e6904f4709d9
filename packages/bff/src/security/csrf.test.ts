/**
 * CSRF, CORS and response headers over real HTTP (docs/security.md E-01, E-02, I-01, H-03; T01-T03, T19).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLog, PASSWORD, startTestBff, type ReplyBody, type TestBff } from '../app.test-kit.js';

let bff: TestBff;
beforeAll(async () => void (bff = await startTestBff()));
afterAll(() => bff.close());

/** fetch refuses TRACE, so this one goes through node:http. */
function rawRequest(method: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'X-CSRF': '1', Cookie: 'a=b' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const credentials = { identifier: 'alice', password: PASSWORD };

describe('CSRF on every POST (E-01, T01, T02)', () => {
  const posts: Array<[string, unknown]> = [
    ['/password', credentials],
    ['/phone/code', { phone: '+15550100' }],
    ['/phone', { phone: '+15550100', code: '123456' }],
    ['/otp/code', { identifier: 'alice' }],
    ['/otp', { identifier: 'alice', otp: '654321' }],
    ['/token', { token: 'good-token' }],
    ['/logout', {}],
  ];

  it.each(posts)('POST %s without X-CSRF → 403 csrf_rejected, upstream untouched', async (path, json) => {
    const before = bff.connector.calls.length;
    const res = await bff.client().request('POST', path, { json, csrf: false });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'csrf_rejected', message: expect.any(String) as unknown } });
    expect(bff.connector.calls.length).toBe(before);
  });

  it.each(posts)('POST %s from a foreign Origin → 403, even with X-CSRF', async (path, json) => {
    const before = bff.connector.calls.length;
    for (const origin of ['https://evil.example', 'null', 'https://app.example.evil', 'http://app.example']) {
      const res = await bff.client().request('POST', path, { json, headers: { Origin: origin } });
      expect(res.status, origin).toBe(403);
    }
    expect(bff.connector.calls.length).toBe(before);
  });

  it('a refused Origin is named in the audit line (the usual misconfiguration: 127.0.0.1 vs localhost)', async () => {
    const origin = 'http://127.0.0.1:8080';
    const res = await bff.client().request('POST', '/password', { json: credentials, headers: { Origin: origin } });
    expect(res.status).toBe(403);
    const line = bff.logs
      .map(parseLog)
      .reverse()
      .find((e) => e.audit === 'csrf.rejected');
    expect(line).toMatchObject({ reason: 'origin not allowed', origin });
  });

  it('X-CSRF with a wrong value is refused', async () => {
    const res = await bff.client().request('POST', '/password', { json: credentials, headers: { 'X-CSRF': 'yes' } });
    expect(res.status).toBe(403);
  });

  it('Sec-Fetch-Site: cross-site without an allowed Origin is refused', async () => {
    const res = await bff
      .client()
      .request('POST', '/password', { json: credentials, headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(res.status).toBe(403);
  });

  it('an allowed Origin, or no Origin at all (same-origin curl/tests), passes', async () => {
    expect(
      (
        await bff
          .client()
          .request('POST', '/password', { json: credentials, headers: { Origin: 'https://app.example' } })
      ).status,
    ).toBe(200);
    expect((await bff.client().signIn()).status).toBe(200);
  });

  it('a form post (text/plain, urlencoded, multipart) never reaches a handler', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await bff
        .client()
        .request('POST', '/password', { body: 'identifier=alice', headers: { 'Content-Type': type }, csrf: false });
      expect(res.status, type).toBe(403);
      const withHeader = await bff
        .client()
        .request('POST', '/password', { body: 'identifier=alice', headers: { 'Content-Type': type } });
      expect(withHeader.status, type).toBe(415);
    }
  });

  it('logout cannot be triggered by GET (an <img src>)', async () => {
    const client = bff.client();
    await client.signIn();
    expect((await client.get('/logout')).status).toBe(405);
    expect((await client.get('/session')).body.authenticated).toBe(true);
  });
});

describe('CORS (E-02, T03)', () => {
  const preflight = (origin: string) =>
    bff.client().request('OPTIONS', '/password', {
      csrf: false,
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-csrf,content-type',
      },
    });

  it('grants an exact allowed origin, with credentials, never *', async () => {
    const res = await preflight('https://app.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/X-CSRF/i);
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it.each(['https://evil.example', 'null', 'https://app.example.evil', 'https://app.example:444'])(
    'grants nothing to %s',
    async (origin) => {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('vary')).toMatch(/Origin/);
    },
  );

  it('simple requests from an allowed origin carry the grant', async () => {
    const res = await bff.client().get('/config', { Origin: 'https://app.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});

describe('response headers (I-01, H-03, T19)', () => {
  it.each([
    ['GET', '/config'],
    ['GET', '/session'],
    ['POST', '/password'],
    ['GET', '/nope'],
    ['DELETE', '/session'],
  ])('%s %s has no-store, nosniff, no-referrer, CSP and no X-Powered-By', async (method, path) => {
    const res = await bff
      .client()
      .request(method, path, method === 'POST' ? { json: { identifier: 'x', password: 'y' } } : {});
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP, no trusted proxy
    if (res.text) expect(res.headers.get('content-type')).toMatch(/charset=utf-8/);
  });

  it('TRACE is 405, unknown paths 404 not_found, both as JSON', async () => {
    for (const path of ['/auth/session', '/']) {
      const trace = await rawRequest('TRACE', `${bff.url}${path}`);
      expect(trace.status, path).toBe(405);
      expect((JSON.parse(trace.body) as ReplyBody).error.code).toBe('method_not_allowed');
      expect(trace.body).not.toMatch(/x-csrf|cookie/i); // nothing echoed back
    }
    const missing = await fetch(`${bff.url}/.env`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
  });
});

describe('HSTS only on TLS', () => {
  it('is sent when a trusted proxy says https, and not for a forged header without trustProxy', async () => {
    const proxied = await startTestBff({ trustProxy: true });
    try {
      const res = await proxied.client().get('/session', { 'X-Forwarded-Proto': 'https' });
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await proxied.close();
    }
    const forged = await bff.client().get('/session', { 'X-Forwarded-Proto': 'https' });
    expect(forged.headers.get('strict-transport-security')).toBeNull();
  });
});
