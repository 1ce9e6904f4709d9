/**
 * Every audit line the BFF writes validates against audit-event.schema.json (the versioned
 * contract a SIEM rule is written against; docs/operations.md "Audit events"): a scripted run of
 * every flow that audits, through the real HTTP API, each line checked with ajv (JSON Schema 2020-12).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, startTestBff, type TestBff } from '../src/app.test-kit.js';

const schema = JSON.parse(readFileSync(new URL('../audit-event.schema.json', import.meta.url), 'utf8')) as {
  properties: { event: { enum: string[] } };
};
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

const auditLines = (logs: string[]) =>
  logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => 'audit' in line);

describe('audit-event.schema.json', () => {
  it('validates every audit line of a run through every audited flow', async () => {
    // Tracing on, so the lines carry traceId too (the schema's optional field, checked below).
    const spanProcessor = new SimpleSpanProcessor(new InMemorySpanExporter());
    bff = await startTestBff({ limits: { perAccount: { failures: 2 } } }, { spanProcessor });
    const alice = bff.client();
    expect((await alice.signIn()).status).toBe(200); // signin.success
    expect((await alice.post('/logout')).status).toBe(204); // signout
    const guesser = bff.client();
    expect((await guesser.signIn('wrong-1')).status).toBe(401); // signin.failure
    expect((await guesser.signIn('wrong-2')).status).toBe(401);
    expect((await guesser.signIn('wrong-3')).status).toBe(429); // signin.locked
    const phone = bff.client();
    expect((await phone.post('/phone/code', { phone: '+15550001' })).status).toBe(202); // code.sent
    expect((await phone.post('/phone/code', { phone: '+15550001' })).status).toBe(429); // code.refused
    expect((await phone.request('POST', '/token', { json: { token: 'x' }, csrf: false })).status).toBe(403); // csrf.rejected
    bff.connector.mode = 'unavailable';
    expect((await bff.client().post('/otp', { identifier: 'bob', otp: '000000' })).status).toBe(503); // upstream.error
    bff.connector.mode = 'ok';
    expect((await bff.client().post('/token', { token: 'good-token' })).status).toBe(200);
    expect(await bff.bff.revokeUser('bob')).toBe(1); // signout.revoked
    await new Promise((resolve) => setTimeout(resolve, 50)); // pino's async destination

    const lines = auditLines(bff.logs);
    const seen = new Set(lines.map((line) => line.event));
    expect([...seen].sort()).toEqual([...schema.properties.event.enum].sort());
    for (const line of lines) {
      expect(validate(line), `${JSON.stringify(line)}\n${JSON.stringify(validate.errors)}`).toBe(true);
      expect(line.audit).toBe(line.event);
      expect(line.version).toBe(1);
      if (line.event !== 'signout.revoked') expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
    const failure = lines.find((line) => line.event === 'signin.failure')!;
    expect(failure).toMatchObject({ outcome: 'failure', reason: 'invalid_credentials', method: 'password' });
    expect(typeof failure.latencyMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
    expect(JSON.stringify(lines)).not.toContain('+15550001');
  });

  it('rejects a line that strays from it (the check can fail)', () => {
    const line = {
      level: 30,
      time: Date.now(),
      name: 'auth-bff',
      msg: 'code.sent',
      audit: 'code.sent',
      event: 'code.sent',
      version: 1,
      outcome: 'success',
      reqId: '0b6f1c1e-2f7a-4c55-9d1e-6f3a1b2c3d4e',
      method: 'phone',
      connector: 'iam',
      ip: '127.0.0.1',
      subjectHash: 'a1b2c3d4e5f60718',
    };
    expect(validate(line)).toBe(true);
    expect(validate({ ...line, version: 2 })).toBe(false);
    expect(validate({ ...line, phone: '+15550001' })).toBe(false); // an unknown field
    expect(validate({ ...line, subjectHash: undefined })).toBe(false); // code.sent names its destination (hashed)
    expect(validate({ ...line, event: 'signin.failure', outcome: 'failure', level: 40 })).toBe(false); // no reason
  });
});
