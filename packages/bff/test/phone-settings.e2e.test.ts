/**
 * Config `phone` end to end, through the BFF's HTTP API against the simulators over real sockets:
 * `defaultCountry` reads national formats (and wins over each connector's own default), the BFF
 * hands the upstream the E.164, and `phone.countries` refuses other regions with 400 BEFORE any
 * upstream call: the simulators see nothing and send no SMS for a refusal, whatever the spelling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startAuthingSimulator,
  startBroadworksSimulator,
  startOpenIamSimulator,
  type BroadworksSimulator,
  type RunningAuthingSimulator,
  type RunningSimulator,
} from '@auth-login/simulators';
import { startTestBff, type TestBff } from '../src/app.test-kit.js';

/** Spellings of numbers outside [FR, BE, CH] (and junk): each must be refused without an upstream call. */
const FOREIGN = [
  '+1 604 555 0123', // CA (+1 shared with US: libphonenumber-js tells them apart)
  '+1 (202) 555-0123', // US
  '001 202 555 0123', // US via the 00 international prefix
  '+44 (0)7911 123456', // GB
  '００４４７９１１１２３４５６', // GB, full-width digits
  '+49.30.1234567', // DE
  '+86 138 0013 8000', // CN
  '+7 912 345-67-89', // RU (+7 shared with KZ)
  '+1 555 555 0123', // possible length, no region's plan: cannot be told, refused
];
const JUNK = ['12', '+33 1', '06 12 34 56 78 9', '+', '0000000000'];

const limits = { codeSend: { perDestination: 50, perIp: 500, resendAfter: '1ms' } };

describe('OpenIAM: phone.defaultCountry FR, countries [FR, BE, CH]', () => {
  let sim: RunningSimulator;
  let bff: TestBff;
  beforeAll(async () => {
    sim = await startOpenIamSimulator({ port: 0, unknownAddresses: 'accept' });
    bff = await startTestBff({
      methods: { phone: { connector: 'iam' } },
      // OpenIAM's own default (defaultCountryCode 1) would read 06 12 34 56 78 as a +1 number.
      connectors: { iam: { type: 'openiam', url: sim.url, addresses: { trustUpstream: true } } },
      phone: { defaultCountry: 'FR', countries: ['FR', 'BE', 'CH'] },
      limits,
    });
  });
  afterAll(async () => {
    await bff.close();
    await sim.close();
  });

  it('sends the code of `06 12 34 56 78` to +33612345678, and signs in typed another way', async () => {
    const client = bff.client();
    const sent = await client.post('/phone/code', { phone: '06 12 34 56 78' });
    expect(sent.status).toBe(202);
    expect(sim.outbox.at(-1)).toMatchObject({ channel: 'sms', to: '+33612345678' });
    const res = await client.post('/phone', { phone: '+33 6 12 34 56 78', code: sim.outbox.at(-1)!.code });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: '+33612345678', phone: '+33612345678' });
  });

  it('refuses other regions and junk with 400 invalid_request: nothing reaches OpenIAM, no SMS', async () => {
    const calls = sim.calls.length;
    const sms = sim.outbox.length;
    const client = bff.client();
    for (const phone of [...FOREIGN, ...JUNK]) {
      const send = await client.post('/phone/code', { phone });
      expect([phone, send.status, send.body.error.code]).toEqual([phone, 400, 'invalid_request']);
      const signIn = await client.post('/phone', { phone, code: '123456' });
      expect([phone, signIn.status, signIn.body.error.code]).toEqual([phone, 400, 'invalid_request']);
    }
    expect(sim.calls.length - calls).toBe(0);
    expect(sim.outbox.length - sms).toBe(0);
    // Belgian and Swiss numbers, any spelling, are sent (as E.164).
    for (const [phone, e164] of [
      ['+32 470 12 34 56', '+32470123456'],
      ['0041 79 123 45 67', '+41791234567'],
    ] as const) {
      expect((await client.post('/phone/code', { phone })).status).toBe(202);
      expect(sim.outbox.at(-1)!.to).toBe(e164);
    }
  });
});

describe('Authing: phone.defaultCountry FR, countries [FR, BE] (Authing reads national numbers as CN)', () => {
  let sim: RunningAuthingSimulator;
  let bff: TestBff;
  beforeAll(async () => {
    sim = await startAuthingSimulator({ appId: 'APP1', userPoolId: 'POOL1' });
    bff = await startTestBff({
      methods: { password: { connector: 'au' }, phone: { connector: 'au' } },
      connectors: { au: { type: 'authing', appHost: sim.url, appId: 'APP1', userPoolId: 'POOL1' } },
      phone: { defaultCountry: 'FR', countries: ['FR', 'BE'] },
      limits,
    });
  });
  afterAll(async () => {
    await bff.close();
    await sim.close();
  });

  it('POST /phone/code {phone: "06 12 34 56 78"} sends to +33612345678', async () => {
    const before = sim.calls.length;
    expect((await bff.client().post('/phone/code', { phone: '06 12 34 56 78' })).status).toBe(202);
    expect(sim.calls.slice(before).map((c) => c.kind)).toEqual(['POST /api/v2/sms/send']);
    expect(sim.outbox.at(-1)).toMatchObject({ channel: 'sms', to: '+33612345678' });
  });

  it('refuses foreign and junk numbers on the phone tab and phone-number identifiers on the password tab', async () => {
    const calls = sim.calls.length;
    const sms = sim.outbox.length;
    const client = bff.client();
    for (const phone of [...FOREIGN, ...JUNK]) {
      const send = await client.post('/phone/code', { phone });
      expect([phone, send.status, send.body.error.code]).toEqual([phone, 400, 'invalid_request']);
    }
    // ada's number, typed in every way Authing would read it (a national number is Chinese to Authing).
    for (const identifier of [...FOREIGN.filter((p) => /^\+?[\d\s-]+$/.test(p)), '13800138000', '+8613800138000']) {
      const res = await client.post('/password', { identifier, password: 'authing-password1' });
      expect([identifier, res.status, res.body.error.code]).toEqual([identifier, 400, 'invalid_request']);
    }
    expect(sim.calls.length - calls).toBe(0);
    expect(sim.outbox.length - sms).toBe(0);
    // Identifiers that are no phone numbers go on: ada by user name and by email.
    expect((await client.post('/password', { identifier: 'ada', password: 'authing-password1' })).status).toBe(200);
    expect(
      (await bff.client().post('/password', { identifier: 'ada@example.com', password: 'authing-password1' })).status,
    ).toBe(200);
  });
});

describe('BroadWorks passcodeLogin: phone.defaultCountry US, countries [US] (the DN goes out as typed)', () => {
  let sim: BroadworksSimulator;
  let bff: TestBff;
  beforeAll(async () => {
    sim = await startBroadworksSimulator({ port: 0 });
    bff = await startTestBff({
      methods: { password: { connector: 'bw' } },
      connectors: {
        bw: {
          type: 'broadworks-oci',
          transport: 'tcp',
          host: sim.host,
          port: sim.port,
          adminUserId: 'admin@example.com',
          adminPassword: 'adminSecret',
          passcodeLogin: true,
        },
      },
      phone: { defaultCountry: 'US', countries: ['US'] },
      limits,
    });
  });
  afterAll(async () => {
    await bff.close();
    await sim.close();
  });

  it('signs Alice in by her DN typed nationally or internationally', async () => {
    for (const identifier of ['2025550123', '+1-2025550123']) {
      const res = await bff.client().post('/password', { identifier, password: '1234' });
      expect([identifier, res.status]).toEqual([identifier, 200]);
      expect(res.body.user.displayName).toMatch(/Alice/);
    }
  });

  it('refuses a Canadian DN (+1, another region) and a DN that reads as no number, before BroadWorks sees it', async () => {
    const calls = sim.calls.length;
    for (const identifier of ['+1-6045550123', '16045550123', '6045550123', '0016045550123', '+33-612345678', '123']) {
      const res = await bff.client().post('/password', { identifier, password: '1234' });
      expect([identifier, res.status, res.body.error.code]).toEqual([identifier, 400, 'invalid_request']);
    }
    expect(sim.calls.length - calls).toBe(0);
    // A user id is no phone number: it goes to BroadWorks as before.
    expect(
      (await bff.client().post('/password', { identifier: 'alice@example.com', password: 'alice-password1' })).status,
    ).toBe(200);
  });
});
