import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenIamSimulator, type RunningSimulator } from '@auth-login/simulators';
import { startTestBff, type TestBff } from '../../app.test-kit.js';

/** Phone code and email OTP through the BFF's HTTP API, against the OpenIAM simulator (issue 5 "Done when"). */
describe('OpenIAM phone code and email OTP, end to end', () => {
  let sim: RunningSimulator;
  let bff: TestBff;
  const OLIVIA = 'olivia@example.com';
  const PHONE = '+15551234567';
  const lastCode = () => sim.outbox[sim.outbox.length - 1]!.code;

  beforeAll(async () => {
    sim = await startOpenIamSimulator({ port: 0, slowMs: 5_000 });
    bff = await startTestBff({
      methods: { phone: { connector: 'iam' }, otp: { connector: 'iam' } },
      connectors: { iam: { type: 'openiam', url: sim.url, timeout: '400ms', addresses: { trustUpstream: true } } },
      limits: { codeSend: { perDestination: 50, perIp: 100, resendAfter: '1ms' } },
    });
  });
  afterAll(async () => {
    await bff.close();
    await sim.close();
  });
  beforeEach(() => sim.setScenario('ok'));

  it('email OTP: send (202), read the outbox, sign in as the address', async () => {
    const client = bff.client();
    const sent = await client.post('/otp/code', { identifier: OLIVIA });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ resendAfterSeconds: expect.any(Number) as unknown });
    const res = await client.post('/otp', { identifier: OLIVIA, otp: lastCode() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: { id: OLIVIA, email: OLIVIA, provider: 'openiam' } });
    expect(JSON.stringify(await client.get('/session'))).not.toMatch(/MovingFactor|movingFactor/);
  });

  it('phone code: send, then sign in as the E.164 number', async () => {
    const client = bff.client();
    expect((await client.post('/phone/code', { phone: PHONE })).status).toBe(202);
    const res = await client.post('/phone', { phone: PHONE, code: lastCode() });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: PHONE, phone: PHONE, provider: 'openiam' });
  });

  it('answers a send to an unknown address exactly like a known one, and that flow never verifies', async () => {
    const a = await bff.client().post('/otp/code', { identifier: OLIVIA });
    const client = bff.client();
    const b = await client.post('/otp/code', { identifier: 'nobody@example.com' });
    expect([b.status, b.text]).toEqual([a.status, a.text]);
    const res = await client.post('/otp', { identifier: 'nobody@example.com', otp: '123456' });
    expect([res.status, res.body.error.code]).toEqual([401, 'invalid_code']);
  });

  it('rejects a wrong code, a replayed code and another flow’s code with 401 invalid_code', async () => {
    const a = bff.client();
    const b = bff.client();
    await a.post('/otp/code', { identifier: OLIVIA });
    const codeA = lastCode();
    await b.post('/otp/code', { identifier: OLIVIA });
    const codeB = lastCode();
    const wrong = codeA === '000000' ? '111111' : '000000';
    expect((await a.post('/otp', { identifier: OLIVIA, otp: wrong })).body.error.code).toBe('invalid_code');
    if (codeA !== codeB)
      expect((await b.post('/otp', { identifier: OLIVIA, otp: codeA })).body.error.code).toBe('invalid_code');
    expect((await a.post('/otp', { identifier: OLIVIA, otp: codeA })).status).toBe(200);
    expect((await a.post('/otp', { identifier: OLIVIA, otp: codeA })).status).toBe(401);
  });

  it("maps the upstream's expired code to 401 code_expired", async () => {
    const client = bff.client();
    await client.post('/phone/code', { phone: PHONE });
    sim.setScenario('expired-code');
    const res = await client.post('/phone', { phone: PHONE, code: lastCode() });
    expect([res.status, res.body.error.code]).toEqual([401, 'code_expired']);
  });

  it('5xx with a stack trace → 502 without it; a hung OpenIAM → 504 within the timeout', async () => {
    sim.setScenario('5xx');
    const five = await bff.client().post('/otp/code', { identifier: OLIVIA });
    expect([five.status, five.body.error.code]).toEqual([502, 'upstream_error']);
    expect(five.text).not.toMatch(/openiam\.|mail\.corp|SMTP|stack/i);
    sim.setScenario('slow');
    const t0 = performance.now();
    const slow = await bff.client().post('/phone/code', { phone: PHONE });
    expect([slow.status, slow.body.error.code]).toEqual([504, 'upstream_timeout']);
    expect(performance.now() - t0).toBeLessThan(1_400);
  });

  it('never logs codes, moving factors or stack traces', () => {
    const logs = bff.logs.join('\n');
    for (const m of sim.outbox) expect(logs).not.toContain(`"${m.code}"`);
    expect(logs).not.toMatch(/MailServiceImpl|mail\.corp|MovingFactor"?\s*:/);
  });
});
