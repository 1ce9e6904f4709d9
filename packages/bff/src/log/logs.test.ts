/**
 * Logs (docs/security.md G-02, G-03, H-01; T17): captured from a real run, then grepped for every
 * secret that passed through: passwords, codes, OTPs, tokens, cookies, session secrets and a
 * connector secret given through ${ENV}.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { parseLog, PASSWORD, SECRET_A, SECRET_B, startTestBff, UPSTREAM_TOKEN, type TestBff } from '../app.test-kit.js';
import { parseConfig } from '../index.js';
import { hashSubject, subjectKey } from './audit.js';
import { createLogger } from './logger.js';
import { Writable } from 'node:stream';

let bff: TestBff;
const cookies: string[] = [];

beforeAll(async () => {
  bff = await startTestBff();
  const alice = bff.client();
  await alice.signIn();
  cookies.push(alice.cookie!);
  await alice.get('/session');
  await alice.post('/logout');
  await bff.client().signIn('wrong-Pa55-canary');
  await bff.client().post('/password', { identifier: 'alice', password: 'x', captcha: 'CAPTCHA9' });
  const phone = bff.client();
  await phone.post('/phone/code', { phone: '+15557654321' });
  await phone.post('/phone', { phone: '+15557654321', code: '99887766' }); // wrong code
  await phone.post('/phone', { phone: '+15557654321', code: '123456' });
  cookies.push(phone.cookie!);
  await bff.client().post('/otp', { identifier: 'alice', otp: 'OTP-canary-31337' });
  await bff.client().post('/token', { token: 'TOKEN-canary-eyJhbGciOi' });
  await bff.client().post('/password', { identifier: 'evil\nINFO login success user=admin', password: 'x' });
  await bff.client().request('POST', '/password', {
    body: `{"password":"${PASSWORD}",}`,
    headers: { 'Content-Type': 'application/json' },
  });
  bff.connector.mode = 'garbage';
  await bff.client().signIn();
  bff.connector.mode = 'ok';
});
afterAll(() => bff.close());

describe('captured logs', () => {
  it('are JSON lines with a request id', () => {
    expect(bff.logs.length).toBeGreaterThan(10);
    for (const line of bff.logs) {
      const entry = parseLog(line);
      expect(typeof entry.time).toBe('number');
    }
    const requests = bff.logs.map(parseLog).filter((e) => e.msg === 'request');
    expect(requests.every((e) => typeof e.reqId === 'string' && e.reqId.length === 36)).toBe(true);
  });

  it('hold audit events with method, connector, user id and IP', () => {
    const events = bff.logs.map(parseLog).filter((e) => e.audit);
    const kinds = new Set(events.map((e) => e.audit));
    for (const kind of ['signin.success', 'signin.failure', 'code.sent', 'signout', 'upstream.error'])
      expect(kinds).toContain(kind);
    expect(events.find((e) => e.audit === 'signin.success')).toMatchObject({
      method: 'password',
      connector: 'idp',
      userId: 'alice',
      ip: '127.0.0.1',
    });
    expect(events.find((e) => e.audit === 'signout')).toMatchObject({ userId: 'alice', method: 'password' });
    expect(events.find((e) => e.audit === 'signin.failure')).toMatchObject({
      reason: 'invalid_credentials',
      subjectHash: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
    });
  });

  it('hash subjects with a key of the deployment (HMAC), not a plain SHA-256 anyone can recompute', async () => {
    const failures = bff.logs.map(parseLog).filter((e) => e.audit === 'code.sent');
    const hash = failures[0]?.subjectHash as string;
    const phone = '+15557654321';
    expect(hash).not.toBe(createHash('sha256').update(phone).digest('hex').slice(0, 16));
    expect(hash).toBe(hashSubject(phone, subjectKey(SECRET_A)));
    // Another instance with the same secret hashes alike (logs correlate); another secret does not.
    const same = await startTestBff();
    const other = await startTestBff({ session: { secrets: [SECRET_B] } });
    try {
      for (const b of [same, other]) await b.client().post('/phone/code', { phone });
      const hashOf = (b: TestBff) => b.logs.map(parseLog).find((e) => e.audit === 'code.sent')?.subjectHash as string;
      expect(hashOf(same)).toBe(hash);
      expect(hashOf(other)).not.toBe(hash);
    } finally {
      await Promise.all([same.close(), other.close()]);
    }
  });

  it('contain no password, code, OTP, token, cookie or session id', () => {
    const text = bff.logs.join('\n');
    const sessionIds = cookies.map((c) => c.split('=')[1]!.split('.')[0]!);
    for (const secret of [
      PASSWORD,
      'wrong-Pa55-canary',
      'CAPTCHA9',
      '99887766',
      '123456',
      'OTP-canary-31337',
      'TOKEN-canary-eyJhbGciOi',
      UPSTREAM_TOKEN,
      SECRET_A,
      ...cookies,
      ...sessionIds,
    ]) {
      expect(text.includes(secret), `log leaked ${secret.slice(0, 6)}…`).toBe(false);
    }
  });

  it('keep a forged log line inside one record (log injection)', () => {
    expect(bff.logs.some((l) => l.startsWith('INFO login success'))).toBe(false);
    for (const line of bff.logs) expect(() => parseLog(line)).not.toThrow();
  });

  it('do log upstream faults, privately (the response stays generic)', () => {
    expect(bff.logs.some((l) => l.includes('garbage from host idp.internal'))).toBe(true);
  });
});

describe('configured secrets are scrubbed from any field', () => {
  it('session secrets and ${ENV} connector secrets never appear, whatever logs them', () => {
    const config = parseConfig(
      { session: { secrets: [SECRET_A] }, connectors: {} },
      { API_KEY: 'APIKEY-canary-0f0f0f' },
      { registry: {} },
    );
    // An ${ENV} value somewhere in the config is collected too:
    const withEnv = parseConfig(
      { session: { secrets: ['${API_KEY}${API_KEY}'] } },
      { API_KEY: 'APIKEY-canary-0f0f0f' },
      { registry: {} },
    );
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) });
    const logger = createLogger({ secretValues: [...config.secretValues, ...withEnv.secretValues] }, sink);
    logger.info(
      {
        note: `key=APIKEY-canary-0f0f0f and ${SECRET_A}`,
        password: 'pw-field',
        nested: { apiKey: 'k', adminPassword: 'ap' },
      },
      'oops',
    );
    logger.error(new Error(`failed with APIKEY-canary-0f0f0f`));
    const text = lines.join('');
    expect(text).not.toContain('APIKEY-canary-0f0f0f');
    expect(text).not.toContain(SECRET_A);
    expect(text).not.toContain('pw-field');
    expect(text).not.toMatch(/"apiKey":"k"|"adminPassword":"ap"/);
    expect(text).toContain('[REDACTED]');
  });
});
