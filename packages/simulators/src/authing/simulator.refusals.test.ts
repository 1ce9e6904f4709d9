/**
 * The answers the BFF must not mistake for upstream faults or for a wrong password: MFA required
 * (1635/1636) and must-reset (1639) only after a RIGHT password, and the SMS resend interval.
 */
import { constants, publicEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authingDemoAccounts } from './accounts.js';
import { startAuthingSimulator, type RunningAuthingSimulator } from './simulator.js';

interface Capture {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: { query?: string; variables?: unknown } | null;
}
const captures = (
  JSON.parse(readFileSync(new URL('./fixtures/authing-captures.json', import.meta.url), 'utf8')) as {
    captures: Capture[];
  }
).captures;

let sim: RunningAuthingSimulator;
beforeAll(async () => {
  sim = await startAuthingSimulator({
    appId: 'APPID123',
    userPoolId: 'POOL123',
    smsResendIntervalMs: 60_000,
    accounts: [
      ...authingDemoAccounts,
      {
        identifier: 'm@x.test',
        secret: 'pw-m-1',
        note: '',
        id: '5f9d0a1b2c3d4e5f6a7b8c61',
        email: 'm@x.test',
        password: 'pw-m-1',
        mfa: true,
      },
      {
        identifier: 'n@x.test',
        secret: 'pw-n-1',
        note: '',
        id: '5f9d0a1b2c3d4e5f6a7b8c62',
        email: 'n@x.test',
        password: 'pw-n-1',
        mfa: '1636',
      },
      {
        identifier: 'r@x.test',
        secret: 'pw-r-1',
        note: '',
        id: '5f9d0a1b2c3d4e5f6a7b8c63',
        email: 'r@x.test',
        password: 'pw-r-1',
        mustResetPassword: true,
      },
    ],
  });
});
afterAll(() => sim.close());

async function emailLogin(email: string, password: string) {
  const c = captures.find((x) => x.label === 'loginByEmail (fresh client)' && x.method === 'POST')!;
  const headers = Object.fromEntries(
    Object.entries(c.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
  );
  const encrypted = publicEncrypt(
    { key: sim.publicKeyPem, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(password),
  ).toString('base64');
  const variables = { input: { email, password: encrypted, autoRegister: false, params: null, context: null } };
  const res = await fetch(sim.url + c.path, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...c.body, variables }),
  });
  const body = (await res.json()) as { errors?: { message: { code: number; data?: { mfaToken?: string } } }[] };
  return body.errors?.[0]?.message;
}

it('MFA (1635 / 1636, with an mfaToken) and must-reset (1639) only after a right password', async () => {
  expect((await emailLogin('m@x.test', 'wrong'))?.code).toBe(2333);
  const mfa = await emailLogin('m@x.test', 'pw-m-1');
  expect(mfa?.code).toBe(1635);
  expect(mfa?.data?.mfaToken).toMatch(/^[0-9a-f]{32}$/);
  expect((await emailLogin('n@x.test', 'pw-n-1'))?.code).toBe(1636);
  expect((await emailLogin('r@x.test', 'wrong'))?.code).toBe(2333);
  expect((await emailLogin('r@x.test', 'pw-r-1'))?.code).toBe(1639);
});

it('a second SMS to the same number within the interval is refused as too frequent; a bad number is 2001', async () => {
  const send = async (phone: string) =>
    (await (
      await fetch(`${sim.url}/api/v2/sms/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-authing-app-id': 'APPID123' },
        body: JSON.stringify({ phone }),
      })
    ).json()) as { code: number; message: string };
  expect((await send('13800138000')).code).toBe(200);
  const again = await send('13800138000');
  expect(again.code).not.toBe(200);
  expect(again.message).toMatch(/频繁/);
  expect((await send('13700137000')).code).toBe(200);
  expect((await send('not-a-phone')).code).toBe(2001);
});
