import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { UpstreamError, type Connector } from '../connector.js';
import { openiamConfigSchema } from './config.js';
import { createOpenIamConnector } from './connector.js';

/** A scripted OpenIAM: pins the exact requests the connector sends (docs/protocols/openiam.md §4). */
describe('openiam connector: wire format', () => {
  const seen: Array<{ url: string; contentType: string | undefined; body: string }> = [];
  let next: unknown;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', contentType: req.headers['content-type'], body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(next));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  let c: Connector;
  const ok = (contextValues: unknown) => ({
    primaryKey: null,
    status: 200,
    errorList: null,
    redirectURL: null,
    successToken: null,
    successMessage: null,
    contextValues,
    stackTrace: null,
    possibleErrors: null,
    error: false,
  });
  const ctx = () => ({ signal: AbortSignal.timeout(5_000) });

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openiam`;
    c = createOpenIamConnector(openiamConfigSchema.parse({ url, addresses: { trustUpstream: true } }), {
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
  });
  afterAll(async () => {
    await c.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('sends the seed’s email calls; the moving factor goes back as a string', async () => {
    next = ok({ emailMovingFactor: 1723562999236, emailAddressForCode: { email: 'olivia@example.com' } });
    const sent = await c.sendOtpCode!({ identifier: 'olivia@example.com' }, ctx());
    expect(seen.at(-1)).toEqual({
      url: '/openiam/selfservice/send-verification-code-by-email',
      contentType: 'application/json',
      body: '{"email":"olivia@example.com"}',
    });
    next = ok(null);
    expect(
      (await c.otp!({ identifier: 'olivia@example.com', otp: '047160' }, { ...ctx(), state: sent.state! })).ok,
    ).toBe(true);
    expect(seen.at(-1)!.url).toBe('/openiam/selfservice/check-verification-code');
    expect(seen.at(-1)!.body).toBe('{"emailCode":"047160","emailMovingFactor":"1723562999236"}');
  });

  it('sends the seed’s SMS calls', async () => {
    next = ok({ smsMovingFactor: 1721970770048 });
    const sent = await c.sendPhoneCode!({ phone: '+15551234567' }, ctx());
    // Byte for byte the seed's PhoneBean key order and types (strings, booleans as JSON true).
    expect(seen.at(-1)!.body).toBe(
      '{"areaCd":"555","phoneNbr":"1234567","phoneExt":"","mdTypeId":"CELL_PHONE","countryCd":"1","usedForSMS":true,"published":true}',
    );
    next = ok(null);
    await c.phone!({ phone: '+15551234567', code: '190074' }, { ...ctx(), state: sent.state! });
    expect(seen.at(-1)!.body).toBe('{"smsCode":"190074","smsMovingFactor":"1721970770048"}');
  });

  it('a success answer without a moving factor is a bad response', async () => {
    next = ok({ emailAddressForCode: {} });
    const err = await c.sendOtpCode!({ identifier: 'olivia@example.com' }, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).kind).toBe('bad_response');
  });
});
