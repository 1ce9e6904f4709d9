import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { AuthErrorEvent } from '../events/auth-error.js';
import type { AuthLogin } from '../auth-login.js';
import {
  button,
  errorShown,
  field,
  firefox,
  focused,
  mount,
  panel,
  resetSession,
  root,
  signedIn,
  tab,
  type,
} from '../test-support/helpers.js';

// The test BFF: codeSend.resendAfter is 3s; the stub SMS connector accepts 123456, 000000 has expired.
let n = 0;
const freshPhone = () => `+1555${Date.now() % 1_000_000}${n++}`;

async function phoneTab(): Promise<AuthLogin> {
  const el = await mount();
  tab(el, 'Phone code').click();
  await el.updateComplete;
  return el;
}

async function sendCode(el: AuthLogin, phone: string) {
  type(field(el, 'Phone number'), phone);
  button(el, 'Send code').click();
  await waitUntil(() => panel(el).querySelector('input[name=code]'), 'the code field never appeared');
  await el.updateComplete;
}

describe('Phone code tab', () => {
  beforeEach(resetSession);

  it('sends a code, counts down the resend, and signs in with the code', async () => {
    const el = await phoneTab();
    const phone = freshPhone();
    expect(field(el, 'Phone number').type).to.equal('tel');
    expect(field(el, 'Phone number').autocomplete).to.equal('tel');
    await sendCode(el, phone);
    const code = field(el, 'Verification code');
    // The attribute, not the IDL property: Firefox does not know `one-time-code` and reflects ''.
    expect(code.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(code.inputMode).to.equal('numeric');
    expect(focused(el)).to.equal(code.id);
    const send = button(el, 'Send code');
    expect(send.getAttribute('aria-disabled')).to.equal('true');
    expect(panel(el).querySelector('[part=countdown]')!.textContent.trim()).to.match(
      /^You can send a new code in [1-3] seconds?\.$/,
    );
    await expect(el).to.be.accessible();
    await waitUntil(() => send.getAttribute('aria-disabled') === 'false', 'the countdown never ended', {
      timeout: 5000,
    });
    expect(panel(el).querySelector('[part=countdown]')).to.equal(null);
    type(code, '123456');
    button(el, 'Sign in').click();
    expect(await signedIn(el)).to.equal(phone);
  });

  it('marks a wrong code and an expired code', async () => {
    const el = await phoneTab();
    await sendCode(el, freshPhone());
    type(field(el, 'Verification code'), '111111');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Sign in').click();
    expect((await failed).detail).to.deep.equal({ code: 'invalid_code', method: 'phone' });
    expect(await errorShown(el)).to.equal('That code is incorrect. Check it and try again.');
    await el.updateComplete;
    expect(field(el, 'Verification code').getAttribute('aria-invalid')).to.equal('true');
    expect(focused(el)).to.equal(field(el, 'Verification code').id);
    await expect(el).to.be.accessible();
    type(field(el, 'Verification code'), '000000');
    button(el, 'Sign in').click();
    await waitUntil(() => panel(el).textContent.includes('That code has expired. Send a new one.'));
  });

  it('holds Send code back for the Retry-After of a 429', async () => {
    const phone = freshPhone();
    await sendCode(await phoneTab(), phone);
    // A second widget (a reload) asks again at once: the BFF refuses with 429 + Retry-After.
    const el = await phoneTab();
    type(field(el, 'Phone number'), phone);
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Send code').click();
    expect((await failed).detail.code).to.equal('rate_limited');
    expect(await errorShown(el)).to.match(/^Too many attempts\. Try again in [1-3] seconds?\.$/);
    await el.updateComplete;
    expect(button(el, 'Send code').getAttribute('aria-disabled')).to.equal('true');
    expect(panel(el).querySelector('[part=countdown]')).to.exist;
  });

  it('marks the phone number the BFF refuses (400 invalid_request)', async () => {
    const el = await phoneTab();
    type(field(el, 'Phone number'), '1'.repeat(40)); // over the BFF's 32-character limit
    button(el, 'Send code').click();
    expect(await errorShown(el)).to.equal('Check what you entered and try again.');
    await el.updateComplete;
    expect(field(el, 'Phone number').getAttribute('aria-invalid')).to.equal('true');
  });

  it('where WebOTP gives no code (no API in Firefox and Safari, no SMS on desktop): focuses the empty code field', async () => {
    if (firefox) expect('OTPCredential' in window, 'Firefox has WebOTP').to.equal(false);
    const el = await phoneTab();
    await sendCode(el, freshPhone());
    const code = field(el, 'Verification code');
    expect(focused(el)).to.equal(code.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(code.value).to.equal('');
    expect(root(el).querySelector('[part=user-name]')).to.equal(null);
  });

  it('fills and submits the code from WebOTP where the browser has it', async () => {
    // Headless desktop Chromium has no WebOTP; give this page a minimal one (the browser's part,
    // not the element's) that answers like Android Chrome after reading the SMS.
    const requests: unknown[] = [];
    Object.assign(window, { OTPCredential: class {} });
    navigator.credentials.get = (options?: CredentialRequestOptions) => {
      requests.push((options as { otp?: unknown }).otp);
      return Promise.resolve({ id: '', type: 'otp', code: '123456' } as unknown as Credential);
    };
    try {
      const el = await phoneTab();
      const phone = freshPhone();
      type(field(el, 'Phone number'), phone);
      button(el, 'Send code').click();
      expect(await signedIn(el)).to.equal(phone);
      expect(requests).to.deep.equal([{ transport: ['sms'] }]);
    } finally {
      // The stub is an own property: deleting it uncovers CredentialsContainer.prototype.get again.
      delete (navigator.credentials as { get?: unknown }).get;
      delete (window as { OTPCredential?: unknown }).OTPCredential;
    }
  });
});
