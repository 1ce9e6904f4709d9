/**
 * logFlat (log/logger.ts): the access line goes through a sibling logger without the `*.field`
 * redaction paths (they cannot match a flat line). It must write exactly what the full logger
 * would, keep top-level redaction and secret-value scrubbing, and follow the main logger's level.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logFlat } from './logger.js';

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
const withoutTime = (line: string) => ({ ...JSON.parse(line), time: 0 });
const SECRET = 'a-configured-secret-value-42';

describe('logFlat', () => {
  it('writes the same line as the full logger, redacted and scrubbed alike', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ secretValues: [SECRET] }, stream);
    const fields = {
      reqId: 'r-1',
      method: 'GET',
      path: `/auth/x${SECRET}`,
      status: 200,
      ms: 1,
      ip: '127.0.0.1',
      password: 'hunter2',
    };
    logger.info(fields, 'request');
    logFlat(logger, fields, 'request');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(2);
    expect(withoutTime(lines[1]!)).toEqual(withoutTime(lines[0]!));
    expect(lines[1]).not.toContain(SECRET);
    expect(lines[1]).not.toContain('hunter2');
    expect(JSON.parse(lines[1]!)).toMatchObject({ password: '[REDACTED]', path: '/auth/x[REDACTED]', reqId: 'r-1' });
  });

  it('follows the main logger level, and works on a logger without a flat sibling', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ secretValues: [], level: 'warn' }, stream);
    logFlat(logger, { a: 1 }, 'request');
    logger.level = 'info';
    logFlat(logger, { a: 2 }, 'request');
    logFlat(logger.child({ reqId: 'c' }), { a: 3 }, 'request');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => JSON.parse(l).a)).toEqual([2, 3]);
  });
});
