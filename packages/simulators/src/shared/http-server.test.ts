import { describe, expect, it } from 'vitest';
import { basicCredentials, parseJson, startSimHttpServer } from './http-server.js';

describe('startSimHttpServer', () => {
  it('serves JSON and raw bodies, caps request bodies, and closes with delayed replies pending', async () => {
    const server = await startSimHttpServer({
      maxBodyBytes: 16,
      handler: (req) =>
        req.path === '/slow'
          ? { status: 200, body: 'late', delayMs: 60_000 }
          : req.path === '/raw'
            ? { status: 201, headers: { 'content-type': 'text/plain' }, body: req.text }
            : { status: 200, body: { path: req.path, q: req.query.get('q') } },
    });
    try {
      const json = await fetch(`${server.url}/a?q=1`);
      expect(json.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(await json.json()).toEqual({ path: '/a', q: '1' });
      const raw = await fetch(`${server.url}/raw`, { method: 'POST', body: 'hello' });
      expect([raw.status, await raw.text()]).toEqual([201, 'hello']);
      expect((await fetch(`${server.url}/raw`, { method: 'POST', body: 'x'.repeat(17) })).status).toBe(413);
      const pending = fetch(`${server.url}/slow`).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 50));
      const t0 = performance.now();
      await server.close();
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(await pending).toBeInstanceOf(Error);
    } finally {
      await server.close();
    }
  });

  it('parses Basic credentials and JSON defensively', () => {
    const b = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString('base64')}` });
    expect(basicCredentials(b('user:pa:ss'))).toEqual(['user', 'pa:ss']);
    expect(basicCredentials(b(':key'))).toEqual(['', 'key']);
    expect(basicCredentials(b('nocolon'))).toBeNull();
    expect(basicCredentials({ authorization: 'Bearer x' })).toBeNull();
    expect(basicCredentials({})).toBeNull();
    expect(parseJson('{"a":1}')).toEqual({ a: 1 });
    expect(parseJson('{a')).toBeUndefined();
  });
});
