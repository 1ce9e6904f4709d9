import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { AuthErrorEvent } from '../events/auth-error.js';
import {
  button,
  errorShown,
  field,
  focused,
  mount,
  panel,
  resetSession,
  root,
  signedIn,
  tab,
  type,
} from '../test-support/helpers.js';

// Accounts of the stub password connector: test-support/stub-connectors.mjs.
async function fill(identifier: string, password: string) {
  const el = await mount();
  type(field(el, 'Username or email'), identifier);
  type(field(el, 'Password'), password);
  return el;
}

describe('Password tab', () => {
  beforeEach(resetSession);

  it('signs in with the right password', async () => {
    const el = await fill('alice', 'alice-password1');
    button(el, 'Sign in').click();
    expect(await signedIn(el)).to.equal('Alice Martin');
  });

  it('says the details are wrong, marks the password, focuses it and fires auth-error', async () => {
    const el = await fill('wrong-1', 'nope-nope-1');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Sign in').click();
    expect((await failed).detail).to.deep.equal({ code: 'invalid_credentials', method: 'password' });
    expect(await errorShown(el)).to.equal('Those sign-in details are incorrect. Check them and try again.');
    await el.updateComplete;
    const password = field(el, 'Password');
    expect(password.getAttribute('aria-invalid')).to.equal('true');
    expect(password.getAttribute('aria-describedby')).to.equal('password-error');
    expect(root(el).getElementById('password-error')!.getAttribute('aria-live')).to.equal('assertive');
    expect(focused(el)).to.equal(password.id);
    await expect(el).to.be.accessible();
  });

  it('asks for the captcha when the BFF answers captcha_required, then signs in', async () => {
    const el = await fill('captcha', 'captcha-password1');
    button(el, 'Sign in').click();
    expect(await errorShown(el)).to.equal(
      'Type the characters shown in the image to continue. You can also sign in with Phone code, OTP, or Token.',
    );
    await el.updateComplete;
    const img = panel(el).querySelector<HTMLImageElement>('[part=captcha-image]')!;
    expect(img.alt).to.equal('Captcha: the characters to type');
    await waitUntil(() => img.complete && img.naturalWidth > 0, 'the captcha image (GET /auth/captcha) did not load');
    expect(focused(el)).to.equal(field(el, 'Characters in the image').id);
    await expect(el).to.be.accessible();
    type(field(el, 'Characters in the image'), 'W4K9');
    button(el, 'Sign in').click();
    expect(await signedIn(el)).to.equal('captcha');
  });

  it('disables the button while pending and sends one request for many clicks', async () => {
    const el = await fill('slow', 'slow-password1');
    const submit = button(el, 'Sign in');
    const sent: string[] = [];
    const original = fetch;
    window.fetch = (input, init) => (
      sent.push(input instanceof Request ? input.url : String(input)),
      original(input, init)
    );
    try {
      submit.click();
      await el.updateComplete;
      expect(submit.getAttribute('aria-disabled')).to.equal('true');
      submit.click();
      field(el, 'Password').form!.requestSubmit();
      expect(await signedIn(el)).to.equal('slow');
    } finally {
      window.fetch = original;
    }
    expect(sent.filter((u) => u.endsWith('/password'))).to.have.length(1);
  });

  it('drops a pending sign-in when the user switches tab', async () => {
    const el = await fill('slow', 'slow-password1');
    let succeeded = false;
    el.addEventListener('auth-success', () => (succeeded = true));
    button(el, 'Sign in').click();
    await el.updateComplete;
    tab(el, 'Token').click();
    await el.updateComplete;
    expect(button(el, 'Sign in').getAttribute('aria-disabled')).to.equal('false');
    await new Promise((r) => setTimeout(r, 1800));
    expect(succeeded).to.equal(false);
    expect(root(el).querySelector('[part=user]')).to.equal(null);
  });

  it('explains upstream trouble and rate limits in words', async () => {
    let el = await fill('down', 'whatever-1');
    button(el, 'Sign in').click();
    expect(await errorShown(el)).to.equal('The sign-in service is unavailable. Try again in a moment.');
    el = await fill('broken', 'whatever-1');
    button(el, 'Sign in').click();
    expect(await errorShown(el)).to.equal('The sign-in service gave an unexpected answer. Try again.');
    // perAccount.failures is 3 in the test BFF: the 4th attempt is refused with 429 + Retry-After.
    el = await fill('locked-user', 'wrong-password-1');
    for (let i = 0; i < 3; i++) {
      button(el, 'Sign in').click();
      await errorShown(el);
      await waitUntil(() => button(el, 'Sign in').getAttribute('aria-disabled') === 'false');
    }
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Sign in').click();
    expect((await failed).detail.code).to.equal('rate_limited');
    await el.updateComplete;
    expect(await errorShown(el)).to.match(/^Too many attempts\. Try again in \d+ minutes?\.$/);
  });

  it('shows and hides the password with a pressed toggle', async () => {
    const el = await fill('alice', 'secret');
    const toggle = button(el, 'Show password');
    expect(field(el, 'Password').type).to.equal('password');
    toggle.click();
    await el.updateComplete;
    expect(field(el, 'Password').type).to.equal('text');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(field(el, 'Password').value).to.equal('secret');
    toggle.click();
    await el.updateComplete;
    expect(field(el, 'Password').type).to.equal('password');
  });
});
