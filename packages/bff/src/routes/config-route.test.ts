/**
 * GET /config tells the widget what each tab needs, from the configured connectors: here the
 * OTP tab's `domain` (docs/architecture.md "How each connector reads the tabs' fields": DIGIPASS takes
 * userID (+ domain); digipass-gateway/config.ts `domain`, the default the gateway resolves to).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBff, type TestBff } from '../app.test-kit.js';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

// /config never calls the upstream, so the gateway URL need not answer (port 9: discard).
const digipass = (extra: Record<string, unknown> = {}) => ({
  type: 'digipass-gateway',
  url: 'http://127.0.0.1:9',
  apiKey: 'test-only-api-key',
  ...extra,
});

describe('GET /config: the OTP domain', () => {
  it('gives the default domain when the OTP connector is configured with one', async () => {
    bff = await startTestBff({
      methods: { password: { connector: 'idp' }, otp: { connector: 'dp' } },
      connectors: { dp: digipass({ domain: 'mydomain.com' }) },
    });
    const res = await bff.client().get('/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      methods: [{ id: 'password' }, { id: 'otp', identifiers: ['userId'], domain: 'mydomain.com' }],
    });
    expect(res.text).not.toContain('test-only-api-key');
  });

  it('gives no domain when the OTP connector has none, or no config entry', async () => {
    bff = await startTestBff({ methods: { otp: { connector: 'dp' } }, connectors: { dp: digipass() } });
    expect((await bff.client().get('/config')).body).toEqual({ methods: [{ id: 'otp', identifiers: ['userId'] }] });
    await bff.close();
    // An injected connector has no config entry: nothing to read, no domain.
    bff = await startTestBff({ methods: { otp: { connector: 'idp' } } });
    expect((await bff.client().get('/config')).body.methods).toEqual([{ id: 'otp' }]);
  });
});

describe('GET /config: the phone settings', () => {
  it('gives `phone` exactly as configured, next to the methods', async () => {
    bff = await startTestBff({
      methods: { phone: { connector: 'idp' } },
      phone: { defaultCountry: 'FR', countries: ['FR', 'BE', 'CH'] },
    });
    const res = await bff.client().get('/config');
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      JSON.stringify({
        methods: [{ id: 'phone', resendAfterSeconds: 30 }],
        phone: { defaultCountry: 'FR', countries: ['FR', 'BE', 'CH'] },
      }),
    );
  });

  it('gives only the keys that are set, and no `phone` at all when none is', async () => {
    bff = await startTestBff({ methods: { phone: { connector: 'idp' } }, phone: { countries: ['US'] } });
    expect((await bff.client().get('/config')).body).toEqual({
      methods: [{ id: 'phone', resendAfterSeconds: 30 }],
      phone: { countries: ['US'] },
    });
    await bff.close();
    bff = await startTestBff({ methods: { phone: { connector: 'idp' } }, phone: { defaultCountry: 'CN' } });
    expect((await bff.client().get('/config')).body.phone).toEqual({ defaultCountry: 'CN' });
    await bff.close();
    bff = await startTestBff({ methods: { phone: { connector: 'idp' } }, phone: {} });
    expect((await bff.client().get('/config')).body).toEqual({ methods: [{ id: 'phone', resendAfterSeconds: 30 }] });
    await bff.close();
    bff = await startTestBff({ methods: { phone: { connector: 'idp' } } });
    expect(Object.keys((await bff.client().get('/config')).body)).toEqual(['methods']);
  });
});
