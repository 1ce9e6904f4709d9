import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AuthErrorEvent } from '../events/auth-error.js';
import type { AuthLogin } from '../auth-login.js';
import {
  button,
  errorShown,
  field,
  focused,
  mount,
  panel,
  resetSession,
  signedIn,
  tab,
  tabs,
  type,
} from '../test-support/helpers.js';

// /auth's OTP connector delivers codes by email (it has sendOtpCode, so GET /config gives
// resendAfterSeconds); /hw's is a hardware token (no Send code). test-support/stub-connectors.mjs.
async function otpTab(): Promise<AuthLogin> {
  const el = await mount();
  tab(el, 'OTP').click();
  await el.updateComplete;
  return el;
}

describe('OTP tab', () => {
  beforeEach(resetSession);

  it('sends the code by email, counts down, and signs in with it', async () => {
    const el = await otpTab();
    const otp = field(el, 'One-time password');
    // The attribute, not the IDL property: Firefox does not know `one-time-code` and reflects ''.
    expect(otp.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(otp.inputMode).to.equal('numeric');
    expect(otp.maxLength).to.equal(6);
    expect(field(el, 'Email').type).to.equal('email'); // /config: identifiers ['email']
    type(field(el, 'Email'), 'carol@example.com');
    button(el, 'Send code').click();
    await waitUntil(() => panel(el).querySelector('[part=countdown]'), 'no countdown after Send code');
    await el.updateComplete;
    expect(focused(el)).to.equal(otp.id);
    expect(button(el, 'Send code').getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ type: '654321' });
    await sendKeys({ press: 'Enter' }); // implicit submission: Sign in, not the Send code above it
    expect(await signedIn(el)).to.equal('Carol Chen');
  });

  it('marks a wrong one-time password', async () => {
    const el = await otpTab();
    type(field(el, 'Email'), 'carol@example.com');
    type(field(el, 'One-time password'), '000001');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Sign in').click();
    expect((await failed).detail).to.deep.equal({ code: 'invalid_code', method: 'otp' });
    expect(await errorShown(el)).to.equal('That code is incorrect. Check it and try again.');
    await el.updateComplete;
    expect(focused(el)).to.equal(field(el, 'One-time password').id);
    await expect(el).to.be.accessible();
  });

  it('against another BFF (endpoint="/hw"): a hardware-token OTP alone, no tabs, no Send code', async () => {
    await fetch('/hw/logout', { method: 'POST', credentials: 'include', headers: { 'X-CSRF': '1' } });
    const el = await mount(html`<auth-login endpoint="/hw"></auth-login>`);
    expect(tabs(el)).to.have.length(0);
    expect(() => button(el, 'Send code')).to.throw();
    type(field(el, 'User ID'), 'dave');
    type(field(el, 'One-time password'), '112233');
    await expect(el).to.be.accessible();
    button(el, 'Sign in').click();
    expect(await signedIn(el)).to.equal('dave');
    await fetch('/hw/logout', { method: 'POST', credentials: 'include', headers: { 'X-CSRF': '1' } });
  });

  it('a DIGIPASS connector with a default domain (endpoint="/dp", real gateway simulator): the Domain field, filled in', async () => {
    const logout = () => fetch('/dp/logout', { method: 'POST', credentials: 'include', headers: { 'X-CSRF': '1' } });
    await logout();
    const config = (await (await fetch('/dp/config')).json()) as { methods: unknown };
    expect(config.methods).to.deep.equal([{ id: 'otp', identifiers: ['userId'], domain: 'mydomain.com' }]);
    const el = await mount(html`<auth-login endpoint="/dp"></auth-login>`);
    const domain = field(el, 'Domain');
    expect(domain.value).to.equal('mydomain.com');
    expect(domain.autocomplete).to.equal('off');
    await expect(el).to.be.accessible();
    // A domain the deployment does not list is refused by the BFF (400, no gateway call); the default one signs in.
    type(field(el, 'User ID'), 'dora');
    type(domain, 'otherdomain.com');
    type(field(el, 'One-time password'), '012345');
    button(el, 'Sign in').click();
    expect(await errorShown(el)).to.equal('Check what you entered and try again.');
    type(field(el, 'Domain'), 'mydomain.com');
    type(field(el, 'One-time password'), '012345');
    button(el, 'Sign in').click();
    expect(await signedIn(el)).to.equal('Dora');
    expect(el.user?.attributes).to.include({ domain: 'mydomain.com' });
    await logout();
  });
});
