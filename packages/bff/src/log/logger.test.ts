/**
 * createLogger censors secret fields one level down with `censorNested` instead of pino `*.field`
 * redact paths (cheaper: bench/http.mjs). Its lines must be exactly what those paths would write.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { censorNested, createLogger, REDACT_PATHS } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}
const withoutTime = (line: string) => ({ ...(JSON.parse(line) as Record<string, unknown>), time: 0 });
const SECRET_NAMES = REDACT_PATHS.filter((p) => /^[A-Za-z]+$/.test(p));

describe('createLogger redaction', () => {
  it('writes the same lines as pino with a `*.field` path for every secret field', async () => {
    const ours = capture();
    const reference = capture();
    const logger = createLogger({ secretValues: [] }, ours.stream);
    const withWildcards = pino(
      {
        base: { name: 'auth-bff' },
        redact: { paths: [...REDACT_PATHS, ...SECRET_NAMES.map((f) => `*.${f}`)], censor: '[REDACTED]' },
      },
      reference.stream,
    );
    const error = Object.assign(new Error('boom'), { password: 'err-pw', status: 500 });
    const lines: Array<Record<string, unknown>> = [
      { reqId: 'r-1', method: 'GET', path: '/auth/session', status: 200, ms: 1, ip: '127.0.0.1' },
      { password: 'top-pw', user: 'alice' },
      { input: { identifier: 'alice', otp: '123456', token: 't' }, n: 1 },
      { err: error },
      { headers: { cookie: 'c=1', 'set-cookie': 'd=2', accept: 'x' } },
      { req: { headers: { cookie: 'c=1', authorization: 'Bearer x', host: 'h' } } },
      { list: [{ password: 'in-array' }], deep: { a: { password: 'two-down' } } },
    ];
    for (const fields of lines) {
      logger.info(fields, 'line');
      withWildcards.info(fields, 'line');
    }
    await new Promise((r) => setImmediate(r));
    expect(ours.lines.map(withoutTime)).toEqual(reference.lines.map(withoutTime));
    expect(ours.lines.join('')).not.toMatch(/top-pw|123456|err-pw|c=1|Bearer x/);
    // The values logged are not changed in place.
    expect(error.password).toBe('err-pw');
    expect((lines[2]!.input as { otp: string }).otp).toBe('123456');
  });

  it('keeps an object without secret fields as it is (no copy)', () => {
    const fields = { reqId: 'r', nested: { a: 1 } };
    expect(censorNested(fields)).toBe(fields);
    const censored = censorNested({ err: Object.assign(new Error('x'), { token: 't' }) });
    expect(censored.err).toBeInstanceOf(Error);
    expect(censored.err.message).toBe('x');
    expect(censored.err.token).toBe('[REDACTED]');
  });
});
