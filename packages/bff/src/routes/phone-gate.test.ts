/**
 * Config `phone` held against the phone tab BEFORE anything is counted or sent (routes/phone-gate.ts),
 * with the in-test connector (it has no Connector.phoneOf: the BFF reads the field itself).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBff, type TestBff } from '../app.test-kit.js';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

const phoneTab = (phone: Record<string, unknown>) =>
  startTestBff({ methods: { phone: { connector: 'idp' } }, phone, limits: { codeSend: { perIp: 5 } } });

describe('phone.countries on the phone tab', () => {
  it('refuses numbers of other regions, whatever the spelling, with 400 before any upstream call or count', async () => {
    bff = await phoneTab({ defaultCountry: 'FR', countries: ['FR', 'BE', 'CH'] });
    const client = bff.client();
    const refused = [
      '+1 604 555 0123', // CA
      '+1 (202) 555-0123', // US
      '0044 7911 123456', // GB via the 00 prefix
      '+44 (0)7911 123456',
      '＋４４７９１１１２３４５６', // full-width GB
      '+7 912 345-67-89', // RU
      '+49.30.1234567',
      '+1 555 555 0123', // possible, but no region's plan holds it
      '+33 1', // too short: not a number
      '12', // not a number in FR
      '+00000000000',
      '06 12 34 56 78 ext 9',
      '+33 6 12 34 56 78 #',
    ];
    for (const phone of refused) {
      const res = await client.post('/phone/code', { phone });
      expect([phone, res.status, res.body.error.code]).toEqual([phone, 400, 'invalid_request']);
      expect(res.body.error.message).toMatch(/"phone" is (a phone number of a country|not a phone number)/);
      const signIn = await client.post('/phone', { phone, code: '123456' });
      expect([phone, signIn.status]).toEqual([phone, 400]);
    }
    expect(bff.connector.calls).toEqual([]);
    // 26 refusals, 5 sends allowed per IP: none of them was counted.
    const ok = await client.post('/phone/code', { phone: '+32 470 12 34 56' });
    expect(ok.status).toBe(202);
    expect(bff.connector.calls).toEqual([{ method: 'sendPhoneCode', input: { phone: '+32470123456' } }]);
  });

  it('reads national formats in defaultCountry and hands the connector E.164, send and sign-in alike', async () => {
    bff = await phoneTab({ defaultCountry: 'FR', countries: ['FR', 'BE', 'CH'] });
    const client = bff.client();
    expect((await client.post('/phone/code', { phone: '06 12 34 56 78' })).status).toBe(202);
    // Every other spelling is the same destination: its resend delay answers, nothing more is sent.
    for (const phone of [
      '(06) 12.34.56.78',
      '０６１２３４５６７８',
      '0033612345678',
      '+33 6 12 34 56 78',
      '6 12 34 56 78',
    ])
      expect([phone, (await client.post('/phone/code', { phone })).status]).toEqual([phone, 429]);
    expect(bff.connector.calls).toEqual([{ method: 'sendPhoneCode', input: { phone: '+33612345678' } }]);
    const res = await client.post('/phone', { phone: '06-12-34-56-78', code: '123456' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: '+33612345678' });
  });

  it('tells the +1 regions apart by libphonenumber-js: countries [US] refuses a Canadian number', async () => {
    bff = await phoneTab({ countries: ['US'] });
    const client = bff.client();
    const ca = await client.post('/phone/code', { phone: '+1 604 555 0123' });
    expect([ca.status, ca.body.error.code]).toEqual([400, 'invalid_request']);
    expect(ca.body.error.message).toContain('(accepted: US)');
    // Without defaultCountry a number typed without its country code reads as none: refused.
    expect((await client.post('/phone/code', { phone: '202 555 0123' })).status).toBe(400);
    expect(bff.connector.calls).toEqual([]);
    expect((await client.post('/phone/code', { phone: '+1 202 555 0123' })).status).toBe(202);
    expect(bff.connector.calls).toHaveLength(1);
  });

  it('defaultCountry alone normalises and refuses junk but lets every region through', async () => {
    bff = await phoneTab({ defaultCountry: 'US' });
    const client = bff.client();
    expect((await client.post('/phone/code', { phone: '(202) 555-0123' })).status).toBe(202);
    bff.clock.advance(60_000);
    expect((await client.post('/phone/code', { phone: '+86 138 0013 8000' })).status).toBe(202);
    expect((await client.post('/phone/code', { phone: '555' })).status).toBe(400);
    expect(bff.connector.calls.map((c) => (c.input as { phone: string }).phone)).toEqual([
      '+12025550123',
      '+8613800138000',
    ]);
  });

  it('changes nothing without config `phone` (the connector reads what was typed)', async () => {
    bff = await startTestBff({ methods: { phone: { connector: 'idp' } } });
    expect((await bff.client().post('/phone/code', { phone: '06 12 34 56 78' })).status).toBe(202);
    expect(bff.connector.calls).toEqual([{ method: 'sendPhoneCode', input: { phone: '06 12 34 56 78' } }]);
  });
});
