import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../types.js';
import { startOpenIamSimulator, OPENIAM_PATHS } from './simulator.js';
import type { Envelope } from './envelope.js';

const ENVELOPE_KEYS = [
  'primaryKey',
  'status',
  'errorList',
  'redirectURL',
  'successToken',
  'successMessage',
  'contextValues',
  'stackTrace',
  'possibleErrors',
  'error',
].sort();
const PHONE_BEAN = {
  areaCd: '555',
  phoneNbr: '1234567',
  phoneExt: '',
  mdTypeId: 'CELL_PHONE',
  countryCd: '1',
  usedForSMS: true,
  published: true,
};

describe('OpenIAM simulator', () => {
  let sim: RunningSimulator;
  const call = async (path: string, body: unknown, target = sim) => {
    const res = await fetch(`${target.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Envelope };
  };
  const sendEmail = (email = 'olivia@example.com', target = sim) => call(OPENIAM_PATHS.sendEmail, { email }, target);
  const lastCode = (target = sim) => target.outbox[target.outbox.length - 1]!.code;

  beforeAll(async () => {
    sim = await startOpenIamSimulator({ port: 0, slowMs: 300 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.setScenario('ok'));

  it('sends an email code: seed-shaped envelope, numeric moving factor, code in the outbox', async () => {
    const before = sim.outbox.length;
    const { status, body } = await sendEmail('Olivia@Example.com');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(ENVELOPE_KEYS);
    expect(body).toMatchObject({
      status: 200,
      error: false,
      errorList: null,
      stackTrace: null,
      successToken: { message: 'EMAIL_SENT', params: null },
    });
    expect(typeof body.contextValues!.emailMovingFactor).toBe('number');
    expect(body.contextValues!.emailAddressForCode).toMatchObject({
      beanType: 'EmailBean',
      email: 'olivia@example.com',
    });
    expect(sim.outbox.length).toBe(before + 1);
    expect(sim.outbox[before]).toMatchObject({ channel: 'email', to: 'olivia@example.com' });
    expect(lastCode()).toMatch(/^\d{6}$/);
  });

  it('checks an email code with the factor as a string (as the seed sends it) or a number', async () => {
    const factor = (await sendEmail()).body.contextValues!.emailMovingFactor as number;
    const code = lastCode();
    const ok = await call(OPENIAM_PATHS.check, { emailCode: code, emailMovingFactor: String(factor) });
    expect(ok).toEqual({
      status: 200,
      body: {
        primaryKey: null,
        status: 200,
        errorList: null,
        redirectURL: null,
        successToken: null,
        successMessage: null,
        contextValues: null,
        stackTrace: null,
        possibleErrors: null,
        error: false,
      },
    });
    expect((await call(OPENIAM_PATHS.check, { emailCode: code, emailMovingFactor: factor })).body.error).toBe(false);
  });

  it('answers a wrong code exactly like the seed (HTTP 200, body status 500)', async () => {
    const factor = (await sendEmail()).body.contextValues!.emailMovingFactor as number;
    const wrong = lastCode() === '000000' ? '111111' : '000000';
    expect(await call(OPENIAM_PATHS.check, { emailCode: wrong, emailMovingFactor: String(factor) })).toEqual({
      status: 200,
      body: {
        primaryKey: null,
        status: 500,
        errorList: [
          {
            i18nError: null,
            error: 'CODE_NOT_EQUAL',
            validationError: null,
            params: null,
            message: 'Sent code and input do not match',
          },
        ],
        redirectURL: null,
        successToken: null,
        successMessage: null,
        contextValues: null,
        stackTrace: null,
        possibleErrors: null,
        error: true,
      },
    });
  });

  it('sends and checks SMS codes for a split PhoneBean; factors are per channel', async () => {
    const sent = await call(OPENIAM_PATHS.sendSms, PHONE_BEAN);
    expect(sent.body).toMatchObject({ status: 200, error: false, successToken: { message: 'SMS_SENT' } });
    const factor = sent.body.contextValues!.smsMovingFactor as number;
    expect(sim.outbox.at(-1)).toMatchObject({ channel: 'sms', to: '+15551234567' });
    const code = lastCode();
    expect(
      (await call(OPENIAM_PATHS.check, { emailCode: code, emailMovingFactor: String(factor) })).body.errorList![0]!
        .error,
    ).toBe('CODE_NOT_EQUAL');
    expect((await call(OPENIAM_PATHS.check, { smsCode: code, smsMovingFactor: String(factor) })).body.error).toBe(
      false,
    );
  });

  it('gives each send its own factor and code', async () => {
    const [a, b] = await Promise.all([sendEmail(), sendEmail()]);
    expect(a.body.contextValues!.emailMovingFactor).not.toBe(b.body.contextValues!.emailMovingFactor);
  });

  it('does not make codes single-use upstream (the BFF must)', async () => {
    const factor = String((await sendEmail()).body.contextValues!.emailMovingFactor);
    const code = lastCode();
    for (let i = 0; i < 2; i++)
      expect((await call(OPENIAM_PATHS.check, { emailCode: code, emailMovingFactor: factor })).body.error).toBe(false);
  });

  it('expires codes after codeTtlMs, and reports sends to onSend', async () => {
    const sent: string[] = [];
    const short = await startOpenIamSimulator({
      codeTtlMs: 100,
      onSend: (m) => sent.push(`${m.channel}:${m.to}:${m.code}`),
    });
    try {
      const factor = String((await sendEmail(undefined, short)).body.contextValues!.emailMovingFactor);
      await new Promise((r) => setTimeout(r, 150));
      const res = await call(OPENIAM_PATHS.check, { emailCode: lastCode(short), emailMovingFactor: factor }, short);
      expect(res.body).toMatchObject({ status: 500, error: true, errorList: [{ error: 'CODE_EXPIRED' }] });
      expect(sent).toEqual([`email:olivia@example.com:${lastCode(short)}`]);
    } finally {
      await short.close();
    }
  });

  it('refuses unknown destinations and locked accounts without sending', async () => {
    const before = sim.outbox.length;
    expect((await sendEmail('nobody@example.com')).body.errorList![0]!.error).toBe('INVALID_EMAIL');
    expect((await call(OPENIAM_PATHS.sendSms, { ...PHONE_BEAN, phoneNbr: '0000000' })).body.errorList![0]!.error).toBe(
      'INVALID_PHONE',
    );
    expect((await sendEmail('locked@example.com')).body).toMatchObject({
      status: 500,
      error: true,
      errorList: [{ error: 'ACCOUNT_LOCKED' }],
    });
    expect(sim.outbox.length).toBe(before);
  });

  it('plays each scenario', async () => {
    const factor = String((await sendEmail()).body.contextValues!.emailMovingFactor);
    const check = { emailCode: lastCode(), emailMovingFactor: factor };
    const errorName = async () => (await call(OPENIAM_PATHS.check, check)).body.errorList?.[0]?.error;
    sim.setScenario('wrong-code');
    expect(await errorName()).toBe('CODE_NOT_EQUAL');
    sim.setScenario('expired-code');
    expect(await errorName()).toBe('CODE_EXPIRED');
    sim.setScenario('locked');
    expect(await errorName()).toBe('ACCOUNT_LOCKED');
    sim.setScenario('5xx');
    const five = await call(OPENIAM_PATHS.check, check);
    expect(five.status).toBe(500);
    expect(five.body.stackTrace).toMatch(/^org\.openiam/);
    expect(five.body.contextValues).not.toBeNull();
    sim.setScenario('non-json');
    const html = await fetch(`${sim.url}${OPENIAM_PATHS.check}`, { method: 'POST', body: JSON.stringify(check) });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    sim.setScenario('slow');
    const t0 = performance.now();
    expect((await call(OPENIAM_PATHS.check, check)).body.error).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(() => sim.setScenario('nope')).toThrow(/unknown/);
  });

  it('answers a malformed body with Spring 400 and revoke with an empty 200', async () => {
    expect((await call(OPENIAM_PATHS.check, '{oops')).status).toBe(400);
    const res = await fetch(`${sim.url}${OPENIAM_PATHS.revoke}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'OPENIAM_AUTH_TOKEN=t1' },
      body: 'token_type_hint=access_token&token=abc',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(sim.calls.at(-1)).toMatchObject({ kind: `POST ${OPENIAM_PATHS.revoke}`, summary: 'cookie=true' });
  });

  it('refuses non-JSON bodies with Spring 415, and a revoke without a form token with 400', async () => {
    const plain = await fetch(`${sim.url}${OPENIAM_PATHS.sendEmail}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: 'olivia@example.com' }),
    });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({
      status: 415,
      error: 'Unsupported Media Type',
      path: OPENIAM_PATHS.sendEmail,
    });
    const sent = sim.outbox.length;
    expect(
      (
        await fetch(`${sim.url}${OPENIAM_PATHS.check}`, {
          method: 'POST',
          body: '{"emailCode":"1","emailMovingFactor":"1"}',
        })
      ).status,
    ).toBe(415);
    expect(sim.outbox.length).toBe(sent);
    const revoke = (type: string, body: string) =>
      fetch(`${sim.url}${OPENIAM_PATHS.revoke}`, {
        method: 'POST',
        headers: { 'content-type': type, cookie: 'OPENIAM_AUTH_TOKEN=t1' },
        body,
      });
    expect((await revoke('application/x-www-form-urlencoded', 'token_type_hint=access_token')).status).toBe(400);
    expect((await revoke('application/json', '{"token":"abc"}')).status).toBe(400);
  });

  it('never records codes in calls', async () => {
    const factor = String((await sendEmail()).body.contextValues!.emailMovingFactor);
    await call(OPENIAM_PATHS.check, { emailCode: lastCode(), emailMovingFactor: factor });
    expect(sim.calls.at(-1)!.summary).toBe('fields=emailCode,emailMovingFactor');
    const codes = sim.outbox.map((m) => m.code);
    expect(sim.calls.some((c) => codes.some((code) => c.summary?.includes(code)))).toBe(false);
  });
});
