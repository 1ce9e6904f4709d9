import { expect, oneEvent } from '@open-wc/testing';
import type { AuthErrorEvent } from '../events/auth-error.js';
import { button, errorShown, field, focused, mount, resetSession, signedIn, tab, type } from '../test-support/helpers.js';

describe('OTP tab', () => {
  beforeEach(resetSession);

  it('signs in with user ID and one-time password', async () => {
    const el = await mount();
    tab(el, 'OTP').click();
    await el.updateComplete;
    const otp = field(el, 'One-time password');
    expect(otp.autocomplete).to.equal('one-time-code');
    expect(otp.inputMode).to.equal('numeric');
    type(field(el, 'User ID'), 'carol');
    type(otp, '654321');
    button(el, 'Sign in').click();
    expect(await signedIn(el)).to.equal('Carol Chen');
  });

  it('marks a wrong one-time password', async () => {
    const el = await mount();
    tab(el, 'OTP').click();
    await el.updateComplete;
    type(field(el, 'User ID'), 'carol');
    type(field(el, 'One-time password'), '000001');
    const failed = oneEvent(el, 'auth-error') as Promise<AuthErrorEvent>;
    button(el, 'Sign in').click();
    expect((await failed).detail).to.deep.equal({ code: 'invalid_code', method: 'otp' });
    expect(await errorShown(el)).to.equal('That code is incorrect. Check it and try again.');
    await el.updateComplete;
    expect(focused(el)).to.equal(field(el, 'One-time password'));
    await expect(el).to.be.accessible();
  });
});
