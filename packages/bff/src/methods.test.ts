/**
 * Adding a sign-in method touches one table: a made-up `pin` method (a code sent, then checked)
 * in a copy of the method table gets its routes, its GET /config entry and its `methods.pin`
 * config key, over real HTTP, with no other edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeConnector, startTestBff, type TestBff } from './app.test-kit.js';
import { ConfigError, createConfigSchema, parseConfig } from './index.js';
import type { CallContext, Connector, VerifyOutcome } from './connectors/connector.js';
import { connectorCalls, CONNECTOR_CALLS, METHODS, type SignInMethod } from './methods.js';
import { field, LIMITS } from './shared/fields.js';

const pin: SignInMethod = {
  id: 'pin',
  path: '/pin',
  body: z.object({ identifier: field(LIMITS.identifier), pin: field(8) }).strict(),
  call: 'pin',
  subject: 'identifier',
  code: {
    path: '/pin/code',
    body: z.object({ identifier: field(LIMITS.identifier) }).strict(),
    call: 'sendPin',
    destination: 'identifier',
  },
};
const TABLE = [...METHODS, pin];

/** Sends "a PIN" (remembers a nonce as flow state) and accepts 4711 with that nonce. */
const pinsSentTo: string[] = [];
const pinConnector = {
  type: 'pin-test',
  sendPin(input: { identifier: string }) {
    pinsSentTo.push(input.identifier);
    return Promise.resolve({ ok: true as const, state: { nonce: 'n-1' } });
  },
  pin(input: { identifier: string; pin: string }, ctx: CallContext): Promise<VerifyOutcome> {
    if (input.pin === '4711' && ctx.state?.nonce === 'n-1') {
      return Promise.resolve({ ok: true, user: { id: input.identifier, provider: 'pin-test' } });
    }
    return Promise.resolve({ ok: false, reason: 'invalid_code' });
  },
  async ready() {},
  async close() {},
} satisfies Connector & Record<string, unknown>;

const SECRET = 'a-session-secret-of-at-least-32-characters';

describe('a made-up method added to a copy of the method table', () => {
  let bff: TestBff;
  beforeAll(
    async () =>
      void (bff = await startTestBff(
        { methods: { password: { connector: 'idp' }, pin: { connector: 'pins' } } },
        { methods: TABLE, connectors: { idp: new FakeConnector(), pins: pinConnector } },
      )),
  );
  afterAll(() => bff.close());

  it('is offered by GET /config, after the built-in ones, with its resend delay', async () => {
    const res = await bff.client().get('/config');
    expect(res.status).toBe(200);
    expect(res.body.methods.map((m) => m.id)).toEqual(['password', 'pin']);
    expect(res.body.methods[1]).toEqual({ id: 'pin', resendAfterSeconds: 30 });
  });

  it('sends a code and signs in through its own routes, with the flow state kept server-side', async () => {
    const client = bff.client();
    expect((await client.post('/pin', { identifier: 'carol', pin: '4711' })).status).toBe(401);
    const sent = await client.post('/pin/code', { identifier: 'carol' });
    expect(sent.status).toBe(202);
    expect(pinsSentTo).toEqual(['carol']);
    expect((await client.post('/pin', { identifier: 'carol', pin: '0000' })).body.error.code).toBe('invalid_code');
    const ok = await client.post('/pin', { identifier: 'carol', pin: '4711' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toEqual({ id: 'carol', provider: 'pin-test' });
    expect((await client.get('/session')).body).toMatchObject({ authenticated: true, method: 'pin' });
  });

  it('validates its body like every route (unknown field, missing field: 400)', async () => {
    const client = bff.client();
    expect((await client.post('/pin', { identifier: 'carol', pin: '1', extra: 'x' })).status).toBe(400);
    expect((await client.post('/pin/code', {})).status).toBe(400);
    expect((await client.get('/pin')).status).toBe(405);
  });

  it('is a `methods` key of the config schema for that table only', () => {
    const input = { session: { secrets: [SECRET] }, methods: { pin: { connector: 'pins' } } };
    const options = { registry: {}, injectedConnectors: ['pins'] };
    expect(parseConfig(input, {}, { ...options, methods: TABLE }).methods.pin).toEqual({ connector: 'pins' });
    expect(() => parseConfig(input, {}, options)).toThrow(ConfigError);
    expect(createConfigSchema(TABLE).shape.methods.unwrap().shape).toHaveProperty('pin');
  });

  it('names its connector calls in the list of calls a connector wrapper forwards', () => {
    expect(connectorCalls(TABLE)).toEqual([...CONNECTOR_CALLS, 'sendPin', 'pin']);
  });
});

describe('the built-in table', () => {
  it('serves no made-up route', async () => {
    const bff = await startTestBff();
    try {
      expect((await bff.client().post('/pin', { identifier: 'carol', pin: '4711' })).status).toBe(404);
    } finally {
      await bff.close();
    }
  });

  it('lists the connector calls of connectors/connector.ts, code sends before their sign-in', () => {
    expect(CONNECTOR_CALLS).toEqual([
      'password',
      'sendPhoneCode',
      'phone',
      'sendOtpCode',
      'otp',
      'token',
      'sendMfaCode',
      'mfa',
    ]);
  });
});
