/**
 * Input handling over real HTTP (docs/security.md F-02, A-06, G-01; T13): JSON only, size limits,
 * strict fields, nothing internal in an error.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestBff, type TestBff } from '../app.test-kit.js';
import { LIMITS } from '../shared/fields.js';

let bff: TestBff;
beforeAll(async () => void (bff = await startTestBff()));
afterAll(() => bff.close());

const invalid = { error: { code: 'invalid_request', message: expect.any(String) as unknown } };

describe('content type and size', () => {
  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json-patch+json',
    '',
  ])('415 for %j', async (type) => {
    const res = await bff.client().request('POST', '/password', {
      body: JSON.stringify({ identifier: 'a', password: 'b' }),
      headers: type ? { 'Content-Type': type } : {},
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('accepts application/json; charset=utf-8', async () => {
    const res = await bff.client().request('POST', '/password', {
      body: JSON.stringify({ identifier: 'alice', password: PASSWORD }),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(res.status).toBe(200);
  });

  it.each([16 * 1024 + 1, 1024 * 1024 + 1])('413 for a %d-byte body, quickly', async (size) => {
    const started = performance.now();
    const res = await bff.client().request('POST', '/password', {
      body: `{"identifier":"${'a'.repeat(size - 17)}"}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('413 for a chunked body that grows past the limit (no Content-Length)', async () => {
    const chunks = (function* () {
      for (let i = 0; i < 40; i++) yield new TextEncoder().encode('x'.repeat(1024));
    })();
    const res = await fetch(`${bff.api}/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF': '1' },
      body: ReadableStream.from(chunks),
      duplex: 'half',
    });
    expect(res.status).toBe(413);
  });
});

describe('malformed and hostile JSON → 400 invalid_request', () => {
  it.each([
    ['not JSON', '{identifier: alice}'],
    ['truncated', '{"identifier":"alice","password":'],
    ['an array', '[1,2]'],
    ['a string', '"alice"'],
    ['null', 'null'],
    ['empty', ''],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1')],
    ['deep nesting', '['.repeat(100_00) + ']'.repeat(100_00)],
  ])('%s', async (_name, body) => {
    const res = await bff
      .client()
      .request('POST', '/password', { body, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(_name === 'deep nesting' ? 413 : 400);
    if (res.status === 400) expect(res.body).toEqual(invalid);
  });

  it('a JSON parse error does not echo the body', async () => {
    const res = await bff.client().request('POST', '/password', {
      body: `{"password": "${PASSWORD}" oops}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(PASSWORD);
    expect(bff.logs.join('\n')).not.toContain(PASSWORD);
  });

  it.each([
    ['missing password', { identifier: 'alice' }],
    ['a number', { identifier: 42, password: 'x' }],
    ['an object', { identifier: { $ne: 1 }, password: 'x' }],
    ['an array', { identifier: ['alice'], password: 'x' }],
    ['empty', { identifier: '', password: 'x' }],
    ['an unknown field', { identifier: 'alice', password: 'x', admin: true }],
    ['NUL', { identifier: 'ali\u0000ce', password: 'x' }],
    ['CR LF', { identifier: 'x\r\n<LoginRequest>', password: 'x' }],
    ['a tab in the password', { identifier: 'alice', password: 'a\tb' }],
    ['DEL', { identifier: 'alice\u007f', password: 'x' }],
    ['a C1 control', { identifier: 'alice\u0085', password: 'x' }],
    ['an overlong identifier', { identifier: 'a'.repeat(LIMITS.identifier + 1), password: 'x' }],
    ['an overlong password', { identifier: 'alice', password: 'p'.repeat(LIMITS.password + 1) }],
    ['an overlong captcha', { identifier: 'alice', password: 'x', captcha: 'c'.repeat(LIMITS.captcha + 1) }],
  ])('/password with %s', async (_name, json) => {
    const before = bff.connector.count('password');
    const res = await bff.client().post('/password', json);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid);
    expect(bff.connector.count('password')).toBe(before); // 0 bytes upstream (T14)
  });

  it.each([
    ['/phone/code', { phone: '1'.repeat(LIMITS.phone + 1) }],
    ['/phone', { phone: '+1555', code: '1'.repeat(LIMITS.code + 1) }],
    ['/otp/code', { identifier: 'a'.repeat(LIMITS.identifier + 1) }],
    ['/otp', { identifier: 'alice', otp: '1'.repeat(LIMITS.otp + 1) }],
    ['/otp', { identifier: 'alice', otp: '123456', domain: 'd'.repeat(LIMITS.domain + 1) }],
    ['/token', { token: 't'.repeat(LIMITS.token + 1) }],
    ['/logout', { everything: true }],
  ])('%s refuses %j-like overlong/unknown fields', async (path, json) => {
    const res = await bff.client().post(path, json);
    expect(res.status).toBe(400);
  });

  it('__proto__ and constructor keys are refused and pollute nothing', async () => {
    for (const body of [
      '{"__proto__":{"admin":true},"identifier":"a","password":"b"}',
      '{"constructor":{"prototype":{"x":1}},"identifier":"a","password":"b"}',
    ]) {
      const res = await bff
        .client()
        .request('POST', '/password', { body, headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(400);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await bff.client().get('/session')).status).toBe(200);
  });
});

describe('passwords are relayed exactly (A-06)', () => {
  it.each([
    ['64+ characters', 'P'.repeat(65)],
    ['256 characters', 'é'.repeat(256)],
    ['spaces kept', '  pass word  '],
    ['XML-ish', '</userId><userId>admin&amp;'],
  ])('%s', async (_name, password) => {
    await bff.client().post('/password', { identifier: 'relay-check', password });
    const last = bff.connector.calls.filter((c) => c.method === 'password').at(-1);
    expect(last?.input).toEqual({ identifier: 'relay-check', password });
  });
});

describe('HTTP-level limits (J-01)', () => {
  it('a 20 KB header gets 431 from Node, not a crash', async () => {
    const res = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(bff.url).port), '127.0.0.1', () => {
        socket.write(`GET /auth/session HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(res).toMatch(/^HTTP\/1\.1 431/);
    expect((await bff.client().get('/session')).status).toBe(200);
  });
});

describe('duplicate keys (F-02)', () => {
  it.each([
    '{"identifier":"alice","password":"a","password":"b"}',
    '{"identifier":"alice","password":"a","\\u0070assword":"b"}',
    `{"identifier":"alice","password":"a",${' '.repeat(40)}"password"${' '.repeat(40)}:"b"}`,
  ])('refuses %s', async (body) => {
    const res = await bff
      .client()
      .request('POST', '/password', { body, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
  });

  it('is not fooled by keys inside strings or nested values', async () => {
    const { hasDuplicateTopLevelKey } = await import('./body.js');
    expect(hasDuplicateTopLevelKey('{"a":"\\"a\\":1","b":{"a":1},"c":["a","a"]}')).toBe(false);
    expect(hasDuplicateTopLevelKey('{"a":1,"b":{"x":1,"x":2}}')).toBe(false);
    expect(hasDuplicateTopLevelKey('{"a":1 , "a" :2}')).toBe(true);
  });
});
