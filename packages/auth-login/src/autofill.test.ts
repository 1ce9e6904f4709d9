import { expect, waitUntil } from '@open-wc/testing';
import type { AuthLogin } from './auth-login.js';
import { field, firefox, mount, resetSession, tab } from './test-support/helpers.js';

// Chromium started with --show-autofill-type-predictions (web-test-runner.config.mjs) writes an
// `autofill-information` attribute on every input its autofill parsed, shadow root included
// (docs/development.md "Checking what Chromium's autofill sees"). Password managers build on the same parse.
const info = (input: HTMLInputElement) => input.getAttribute('autofill-information') ?? '';
const parsed = (el: AuthLogin, label: string) =>
  waitUntil(() => info(field(el, label)), `autofill never parsed "${label}"`, { timeout: 8000 }).then(() =>
    info(field(el, label)),
  );

// Firefox has no such annotation: there the fallback is what every browser reads, the standard
// name/autocomplete pairs in one <form> (its autofill and Safari's key on these).
describe('autofill and password managers', () => {
  beforeEach(resetSession);

  it('gives every field its standard name and autocomplete token, in one form per method', async () => {
    const el = await mount();
    const attrs = (label: string) => {
      const input = field(el, label);
      return [input.name, input.getAttribute('autocomplete')];
    };
    expect(attrs('Username or email')).to.deep.equal(['username', 'username']);
    expect(attrs('Password')).to.deep.equal(['password', 'current-password']);
    expect(field(el, 'Username or email').form).to.equal(field(el, 'Password').form);
    tab(el, 'Phone code').click();
    await el.updateComplete;
    expect(attrs('Phone number')).to.deep.equal(['phone', 'tel']);
    tab(el, 'OTP').click();
    await el.updateComplete;
    expect(attrs('One-time password')).to.deep.equal(['otp', 'one-time-code']);
  });

  (firefox ? it.skip : it)('Chromium parses the password form: username + current-password in one form', async () => {
    const el = await mount();
    const user = await parsed(el, 'Username or email');
    const password = await parsed(el, 'Password');
    expect(user).to.include('autocomplete: username');
    expect(password).to.include('autocomplete: current-password');
    const formId = (s: string) => /form renderer id: (\d+)/.exec(s)?.[1];
    expect(formId(user)).to.be.a('string');
    expect(formId(user)).to.equal(formId(password));
    expect(field(el, 'Username or email').form === field(el, 'Password').form).to.equal(true);
  });

  (firefox ? it.skip : it)('Chromium parses the phone number and the one-time code', async () => {
    const el = await mount();
    tab(el, 'Phone code').click();
    await el.updateComplete;
    expect(await parsed(el, 'Phone number')).to.include('autocomplete: tel');
    tab(el, 'OTP').click();
    await el.updateComplete;
    expect(await parsed(el, 'One-time password')).to.include('autocomplete: one-time-code');
  });
});
