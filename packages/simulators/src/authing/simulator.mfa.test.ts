/**
 * The MFA second step against the official client: authing-js-sdk's password login answers 1635
 * with `data` as Guard reads it, and its MfaAuthenticationClient (`verifyTotpMfa`,
 * `verifyAppSmsMfa`, `verifyAppEmailMfa`, with `sendSmsCode` / `sendEmail` for the codes) completes
 * it with the mfaToken as bearer. A right code ends the mfaToken; a wrong one leaves it live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationClient, EmailScene } from 'authing-js-sdk';
import { startAuthingSimulator } from './simulator.js';
import type { RunningAuthingSimulator } from './simulator.js';

let sim: RunningAuthingSimulator;
beforeAll(async () => {
  sim = await startAuthingSimulator({ appId: 'APPID123', userPoolId: 'POOL123', mfaTokenTtlMs: 2_000 });
});
afterAll(() => sim.close());

const client = () =>
  new AuthenticationClient({ appId: 'APPID123', userPoolId: 'POOL123', appHost: sim.url, timeout: 5000 } as never);

interface MfaData {
  mfaToken: string;
  applicationMfa: { mfaPolicy: string; status: number; sort: number }[];
  totpMfaEnabled: boolean;
  phone: string;
  phoneCountryCode: string;
  email: string;
}
async function mfaChallenge(c: AuthenticationClient): Promise<{ code: number; data: MfaData }> {
  try {
    await c.loginByEmail('mia@example.com', 'authing-password4');
  } catch (e) {
    return e as { code: number; data: MfaData };
  }
  throw new Error('expected 1635');
}
async function rejection(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; message: string };
  }
  throw new Error('expected the SDK call to fail');
}

describe('authing-js-sdk MFA against the simulator', () => {
  it('1635 carries the mfaToken, the application factors, TOTP bound, phone and email', async () => {
    const err = await mfaChallenge(client());
    expect(err.code).toBe(1635);
    expect(err.data).toMatchObject({
      mfaToken: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
      applicationMfa: [
        { mfaPolicy: 'OTP', status: 1, sort: 0 },
        { mfaPolicy: 'SMS', status: 1, sort: 1 },
        { mfaPolicy: 'EMAIL', status: 1, sort: 2 },
      ],
      totpMfaEnabled: true,
      phone: '13500135000',
      phoneCountryCode: '+86',
      email: 'mia@example.com',
    });
    expect(await rejection(client().loginByEmail('mia@example.com', 'nope'))).toMatchObject({ code: 2333 });
  });

  it('verifyTotpMfa: a wrong code leaves the mfaToken live, the right one gives the user once', async () => {
    const c = client();
    const { data } = await mfaChallenge(c);
    expect(await rejection(c.mfa.verifyTotpMfa({ totp: '000000', mfaToken: data.mfaToken }))).toMatchObject({
      code: 2001,
    });
    const user = await c.mfa.verifyTotpMfa({ totp: '123456', mfaToken: data.mfaToken });
    expect(user.id).toBe('5f9d0a1b2c3d4e5f6a7b8c05');
    expect(user.token).toMatch(/^eyJ/);
    expect(sim.calls.at(-1)!.kind).toBe('POST /api/v2/mfa/totp/verify');
    // Single use.
    expect(await rejection(c.mfa.verifyTotpMfa({ totp: '123456', mfaToken: data.mfaToken }))).toMatchObject({
      code: 2020,
    });
  });

  it('verifyAppSmsMfa after sendSmsCode (scene mfa-verify): the code from the outbox', async () => {
    const c = client();
    const { data } = await mfaChallenge(c);
    await c.sendSmsCode(data.phone, data.phoneCountryCode);
    const sms = sim.outbox.at(-1)!;
    expect(sms).toMatchObject({ channel: 'sms', to: '+8613500135000' });
    const user = await c.mfa.verifyAppSmsMfa({
      phone: data.phone,
      phoneCountryCode: data.phoneCountryCode,
      code: sms.code,
      mfaToken: data.mfaToken,
    });
    expect(user.id).toBe('5f9d0a1b2c3d4e5f6a7b8c05');
  });

  it('verifyAppEmailMfa after sendEmail(MFA_VERIFY)', async () => {
    const c = client();
    const { data } = await mfaChallenge(c);
    await c.sendEmail(data.email, EmailScene.MfaVerify);
    const mail = sim.outbox.at(-1)!;
    expect(mail).toMatchObject({ channel: 'email', to: 'mia@example.com' });
    expect(
      await rejection(c.mfa.verifyAppEmailMfa({ email: data.email, code: 'x', mfaToken: data.mfaToken })),
    ).toMatchObject({ code: 2001 });
    const user = await c.mfa.verifyAppEmailMfa({ email: data.email, code: mail.code, mfaToken: data.mfaToken });
    expect(user.id).toBe('5f9d0a1b2c3d4e5f6a7b8c05');
  });

  it('an mfaToken expires (mfaTokenTtlMs), and one the pool never issued is refused', async () => {
    const c = client();
    const { data } = await mfaChallenge(c);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await rejection(c.mfa.verifyTotpMfa({ totp: '123456', mfaToken: data.mfaToken }))).toMatchObject({
      code: 2020,
    });
    expect(await rejection(c.mfa.verifyTotpMfa({ totp: '123456', mfaToken: 'f'.repeat(32) }))).toMatchObject({
      code: 2020,
    });
  });
});
