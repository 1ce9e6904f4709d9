import { expect, waitUntil } from '@open-wc/testing';
import type { AuthLogin } from './auth-login.js';
import { field, mount, resetSession, tab } from './test-support/helpers.js';

// Chromium started with --show-autofill-type-predictions (web-test-runner.config.mjs) writes an
// `autofill-information` attribute on every input its autofill parsed, shadow root included
// (docs/development.md "Checking what Chromium's autofill sees"). Password managers build on the same parse.
const info = (input: HTMLInputElement) => input.getAttribute('autofill-information') ?? '';
const parsed = (el: AuthLogin, label: string) =>
  waitUntil(() => info(field(el, label)), `autofill never parsed "${label}"`, { timeout: 8000 }).then(() =>
    info(field(el, label)),
  );

describe('autofill and password managers', () => {
  beforeEach(resetSession);

  it('parses the password form: username + current-password in one form', async () => {
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

  it('parses the phone number and the one-time code', async () => {
    const el = await mount();
    tab(el, 'Phone code').click();
    await el.updateComplete;
    expect(await parsed(el, 'Phone number')).to.include('autocomplete: tel');
    tab(el, 'OTP').click();
    await el.updateComplete;
    expect(await parsed(el, 'One-time password')).to.include('autocomplete: one-time-code');
  });
});
