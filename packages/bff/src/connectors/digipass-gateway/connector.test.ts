import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDigipassSimulator, DIGIPASS_DEMO_API_KEY, type RunningSimulator } from '@auth-login/simulators';
import { UpstreamError, type Connector, type VerifyOutcome } from '../connector.js';
import { digipassGatewayConfigSchema } from './config.js';
import { readPem as loadCa } from '../shared/pem.js';
import { createDigipassGatewayConnector } from './connector.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const ctx = () => ({ signal: AbortSignal.timeout(5_000) });
const make = (cfg: Record<string, unknown>) =>
  createDigipassGatewayConnector(digipassGatewayConfigSchema.parse(cfg), { logger });

async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}
function failed(outcome: VerifyOutcome) {
  expect(outcome.ok).toBe(false);
  return outcome as Extract<VerifyOutcome, { ok: false }>;
}

describe('digipass-gateway connector against the simulator', () => {
  let sim: RunningSimulator;
  const connectors: Connector[] = [];
  const connector = (extra: Record<string, unknown> = {}) => {
    const c = make({ url: sim.url, apiKey: DIGIPASS_DEMO_API_KEY, domain: 'mydomain.com', ...extra });
    connectors.push(c);
    return c;
  };

  beforeAll(async () => {
    sim = await startDigipassSimulator({ port: 0, slowMs: 5_000 });
  });
  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await sim.close();
  });
  beforeEach(() => sim.setScenario('ok'));

  it('signs in with the resolved user ID, domain and serial number; OTP leading zero kept', async () => {
    const outcome = await connector().otp!({ identifier: 'DORA', otp: '012345' }, ctx());
    expect(outcome).toEqual({
      ok: true,
      user: {
        id: 'Dora@mydomain.com',
        username: 'Dora',
        provider: 'digipass-gateway',
        attributes: { domain: 'mydomain.com', serialNo: 'VDS1000120-1' },
      },
    });
    expect(failed(await connector().otp!({ identifier: 'dora', otp: '12345' }, ctx())).reason).toBe('invalid_code');
  });

  it('takes the domain from the input over the config (among `domains`), and works without any', async () => {
    const c = connector({ domain: 'other.com', domains: ['other.com', 'MyDomain.com'] });
    expect(failed(await c.otp!({ identifier: 'dora', otp: '012345' }, ctx())).detail).toContain('STAT_USER_UNKNOWN');
    expect((await c.otp!({ identifier: 'dora', otp: '012345', domain: 'mydomain.com' }, ctx())).ok).toBe(true);
    const none = make({ url: sim.url, apiKey: DIGIPASS_DEMO_API_KEY });
    connectors.push(none);
    const out = await none.otp!({ identifier: 'jane.doe', otp: '654321' }, ctx());
    expect(out.ok && out.user.id).toBe('jane.doe@mydomain.com');
    expect(out.ok && out.user.attributes).toEqual({
      domain: 'mydomain.com',
      serialNo: 'VDS1000121-2',
      orgUnit: 'sales',
    });
  });

  it('maps wrong OTP, unknown user and locked account to one uniform invalid_code', async () => {
    const outcomes = [
      failed(await connector().otp!({ identifier: 'dora', otp: '999999' }, ctx())),
      failed(await connector().otp!({ identifier: 'nobody', otp: '999999' }, ctx())),
      failed(await connector().otp!({ identifier: 'lockie', otp: '111111' }, ctx())),
    ];
    expect(outcomes.map((o) => o.reason)).toEqual(['invalid_code', 'invalid_code', 'invalid_code']);
    expect(outcomes.map((o) => o.detail)).toEqual([
      'RET_FAILURE(-1) STAT_OTP_INCORRECT(1012)',
      'RET_FAILURE(-1) STAT_USER_UNKNOWN(1011)',
      'RET_FAILURE(-1) STAT_LOCKED(1007)',
    ]);
    for (const o of outcomes) expect(Object.keys(o).sort()).toEqual(['detail', 'ok', 'reason']);
  });

  it.each([
    ['wrong-code', 'STAT_OTP_INCORRECT'],
    ['locked', 'STAT_LOCKED'],
    ['expired', 'STAT_EXP_CHALLENGE'],
  ])("scenario '%s' → invalid_code (%s)", async (scenario, stat) => {
    sim.setScenario(scenario);
    const out = failed(await connector().otp!({ identifier: 'dora', otp: '012345' }, ctx()));
    expect(out.reason).toBe('invalid_code');
    expect(out.detail).toContain(stat);
  });

  it.each(['wrong-api-key', '5xx', 'non-json'])(
    "scenario '%s' → UpstreamError bad_response without secrets",
    async (scenario) => {
      sim.setScenario(scenario);
      const err = await upstreamError(connector().otp!({ identifier: 'dora', otp: '012345' }, ctx()));
      expect(err.kind).toBe('bad_response');
      expect(err.message).not.toContain(DIGIPASS_DEMO_API_KEY);
      expect(err.message).not.toContain('012345');
      expect(err.message).not.toMatch(/OAS unreachable|maintenance/);
    },
  );

  it('a wrong configured API key is an upstream error, not the user’s', async () => {
    const err = await upstreamError(
      connector({ apiKey: 'not-the-key' }).otp!({ identifier: 'dora', otp: '012345' }, ctx()),
    );
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(/API key/);
    expect(err.message).not.toContain('not-the-key');
  });

  it('can send the API key as the Basic user name instead', async () => {
    expect(
      (await connector({ apiKeyPlacement: 'username' }).otp!({ identifier: 'dora', otp: '012345' }, ctx())).ok,
    ).toBe(true);
  });

  it("times out within the configured timeout on scenario 'slow'", async () => {
    sim.setScenario('slow');
    const t0 = performance.now();
    const err = await upstreamError(
      connector({ timeout: '300ms' }).otp!(
        { identifier: 'dora', otp: '012345' },
        { signal: new AbortController().signal },
      ),
    );
    expect(err.kind).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});

describe('digipass-gateway connector: success rules (a scripted gateway)', () => {
  let reply: { status: number; body: string } = { status: 200, body: '{}' };
  let seen: { headers: IncomingHttpHeaders; body: string; url: string } | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen = { headers: req.headers, body, url: req.url ?? '' };
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  let c: Connector;
  const ok = { returnCodeEnum: 'RET_SUCCESS', statusCodeEnum: 'STAT_SUCCESS', returnCode: 0, statusCode: 0 };
  const result = { userID: 'u1', domain: 'd', orgUnit: '', serialNo: 'S-1' };
  const answer = async (status: number, body: unknown) => {
    reply = { status, body: JSON.stringify(body) };
    return c.otp!({ identifier: 'u1', otp: '000123' }, ctx());
  };

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    c = make({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ctx`,
      apiKey: 'k3y',
      basicUser: 'gw',
      domains: ['mydomain.com'],
    });
  });
  afterAll(async () => {
    await c.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('sends the documented request: path under the context path, Basic <user>:<key>, string fields', async () => {
    expect((await answer(200, { resultCodes: ok, result })).ok).toBe(true);
    expect(seen!.url).toBe('/ctx/rest/v2/authentication/authUser');
    expect(seen!.headers.authorization).toBe(`Basic ${Buffer.from('gw:k3y').toString('base64')}`);
    expect(seen!.headers['content-type']).toBe('application/json');
    expect(seen!.headers.accept).toBe('application/json');
    expect(seen!.body).toBe('{"userID":"u1","password":"000123"}');
    await c.otp!({ identifier: 'u1', otp: '000123', domain: 'mydomain.com' }, ctx());
    expect(seen!.body).toBe('{"userID":"u1","domain":"mydomain.com","password":"000123"}');
  });

  it('is not a success unless returnCode, statusCode are 0 and result is present', async () => {
    expect(
      failed(
        await answer(200, { resultCodes: { ...ok, statusCode: 1000, statusCodeEnum: 'STAT_INVCREDENTIALS' }, result }),
      ).reason,
    ).toBe('invalid_code');
    expect(
      failed(await answer(200, { resultCodes: { ...ok, returnCode: -1, returnCodeEnum: 'RET_FAILURE' }, result }))
        .reason,
    ).toBe('invalid_code');
    expect((await upstreamError(answer(200, { resultCodes: ok }))).kind).toBe('bad_response');
    expect((await upstreamError(answer(200, { resultCodes: ok, result: null }))).kind).toBe('bad_response');
  });

  it('reads failures on 4xx too, and treats garbage and server faults as upstream errors', async () => {
    expect(failed(await answer(400, { resultCodes: { returnCode: -1, statusCode: 1000 } })).detail).toBe(
      'RET(-1) STAT(1000)',
    );
    expect((await upstreamError(answer(200, { result }))).kind).toBe('bad_response');
    expect((await upstreamError(answer(200, { resultCodes: { returnCode: '0', statusCode: 0 }, result }))).kind).toBe(
      'bad_response',
    );
    expect(
      (
        await upstreamError(
          answer(200, { resultCodes: { returnCode: -1, statusCode: -1, statusCodeEnum: 'STAT_ERROR' } }),
        )
      ).kind,
    ).toBe('bad_response');
    // A success block on a non-200 status is not trusted; a 401/403 WITHOUT resultCodes is the API key.
    expect((await upstreamError(answer(403, { resultCodes: ok, result }))).message).toMatch(/HTTP 403 success codes/);
    expect((await upstreamError(answer(403, { error: 'forbidden' }))).message).toMatch(/API key/);
    expect((await upstreamError(answer(401, {}))).message).toMatch(/API key/);
    // A failed check with its body on 401 or 500 is a failed check, not an upstream fault.
    for (const status of [401, 403, 500]) {
      expect(failed(await answer(status, { resultCodes: { returnCode: -1, statusCode: 1000 } })).reason).toBe(
        'invalid_code',
      );
    }
    expect((await upstreamError(answer(500, { message: 'OAS unreachable' }))).message).toMatch(/HTTP 500/);
  });
});

describe('digipassGatewayConfigSchema', () => {
  const base = { url: 'https://dpgw.example.com:11080', apiKey: 'k' };
  it('applies defaults and parses durations', () => {
    expect(digipassGatewayConfigSchema.parse(base)).toMatchObject({
      timeout: 5_000,
      apiKeyPlacement: 'password',
      basicUser: '',
      rejectUnauthorized: true,
    });
    expect(digipassGatewayConfigSchema.parse({ ...base, type: 'digipass-gateway', timeout: '2s' }).timeout).toBe(2_000);
  });
  it('is strict and checks values', () => {
    expect(digipassGatewayConfigSchema.safeParse({ ...base, apikey: 'x' }).success).toBe(false);
    expect(digipassGatewayConfigSchema.safeParse({ url: base.url }).success).toBe(false);
    expect(digipassGatewayConfigSchema.safeParse({ ...base, url: 'ftp://x' }).success).toBe(false);
    expect(digipassGatewayConfigSchema.safeParse({ ...base, apiKeyPlacement: 'header' }).success).toBe(false);
    expect(digipassGatewayConfigSchema.safeParse({ ...base, type: 'openiam' }).success).toBe(false);
  });
  it('reads ca as PEM text or from a file', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(loadCa(pem)).toBe(pem);
    const dir = mkdtempSync(join(tmpdir(), 'dp-ca-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), pem);
      expect(loadCa(join(dir, 'ca.pem'))).toBe(pem);
      expect(() => loadCa(join(dir, 'missing.pem'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
