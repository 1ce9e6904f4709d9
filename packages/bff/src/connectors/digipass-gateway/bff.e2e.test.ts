import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDigipassSimulator, DIGIPASS_DEMO_API_KEY, type RunningSimulator } from '@auth-login/simulators';
import { startTestBff, type TestBff } from '../../app.test-kit.js';

/** The OTP tab through the BFF's HTTP API, against the DIGIPASS simulator (issue 5 "Done when"). */
describe('POST /otp via digipass-gateway, end to end', () => {
  let sim: RunningSimulator;
  let bff: TestBff;

  beforeAll(async () => {
    sim = await startDigipassSimulator({ port: 0, slowMs: 5_000 });
    bff = await startTestBff({
      methods: { otp: { connector: 'dp' } },
      connectors: {
        dp: {
          type: 'digipass-gateway',
          url: sim.url,
          apiKey: DIGIPASS_DEMO_API_KEY,
          domain: 'mydomain.com',
          timeout: '400ms',
        },
      },
    });
  });
  afterAll(async () => {
    await bff.close();
    await sim.close();
  });
  beforeEach(() => sim.setScenario('ok'));

  it('signs in with a valid OTP and shows the resolved user in the session', async () => {
    const client = bff.client();
    const res = await client.post('/otp', { identifier: 'dora', otp: '012345' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: {
        id: 'Dora@mydomain.com',
        username: 'Dora',
        provider: 'digipass-gateway',
        attributes: { domain: 'mydomain.com', serialNo: 'VDS1000120-1' },
      },
    });
    expect((await client.get('/session')).body).toMatchObject({
      authenticated: true,
      method: 'otp',
      user: { id: 'Dora@mydomain.com' },
    });
  });

  it('gives one uniform 401 invalid_code for wrong OTP, unknown user and locked account', async () => {
    const replies = [
      await bff.client().post('/otp', { identifier: 'jane.doe', otp: '000000' }),
      await bff.client().post('/otp', { identifier: 'nobody', otp: '000000' }),
      await bff.client().post('/otp', { identifier: 'lockie', otp: '111111' }),
    ];
    for (const r of replies) {
      expect(r.status).toBe(401);
      expect(r.text).toBe(replies[0]!.text);
    }
    expect(replies[0]!.body.error.code).toBe('invalid_code');
  });

  it('a domain outside `domains` (default: the configured one) is 400 without an upstream call', async () => {
    const before = sim.calls.length;
    for (const domain of ['other.com', 'evil.example', 'mydomain.com.evil']) {
      const res = await bff.client().post('/otp', { identifier: 'dora', otp: '012345', domain });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect(sim.calls.length).toBe(before);
    const listed = await bff.client().post('/otp', { identifier: 'dora', otp: '012345', domain: 'MYDOMAIN.com' });
    expect(listed.status).toBe(200);
    expect(listed.body.user).toMatchObject({ id: 'Dora@mydomain.com', attributes: { domain: 'mydomain.com' } });
  });

  it('has no /otp/code (DIGIPASS codes come from the token)', async () => {
    expect((await bff.client().post('/otp/code', { identifier: 'dora' })).status).toBe(404);
  });

  it.each([
    ['5xx', 502, 'upstream_error'],
    ['non-json', 502, 'upstream_error'],
    ['wrong-api-key', 502, 'upstream_error'],
  ])("scenario '%s' → %i %s, nothing upstream-specific in the body", async (scenario, status, code) => {
    sim.setScenario(scenario);
    const res = await bff.client().post('/otp', { identifier: 'jane.doe', otp: '654321' });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.text).not.toMatch(/OAS|Tomcat|127\.0\.0\.1|STAT_|maintenance/);
  });

  it('a hung gateway gives 504 within the configured timeout', async () => {
    sim.setScenario('slow');
    const t0 = performance.now();
    const res = await bff.client().post('/otp', { identifier: 'jane.doe', otp: '654321' });
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('upstream_timeout');
    expect(performance.now() - t0).toBeLessThan(1_400);
  });

  it('never logs the API key or an OTP', () => {
    const logs = bff.logs.join('\n');
    expect(logs).not.toContain(DIGIPASS_DEMO_API_KEY);
    expect(logs).not.toMatch(/012345|654321/);
  });
});
