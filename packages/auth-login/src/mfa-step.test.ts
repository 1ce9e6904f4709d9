// The second step of a sign-in (`401 mfa_required` with `mfa.methods` → POST /mfa, /mfa/code).
// Runs against the REAL BFF's /step deployment (test-support/bff-server.mjs), whose `step` stub
// connector (test-support/stub-connectors.mjs) answers challenges and implements mfa() / sendMfaCode().
import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { AuthErrorEvent } from './events/auth-error.js';
import type { AuthSuccessEvent } from './events/auth-success.js';
import type { AuthLogin } from './auth-login.js';
import {
  button,
  errorShown,
  field,
  focused,
  mount,
  panel,
  root,
  signedIn,
  statusText,
  type,
} from './test-support/helpers.js';

const endpoint = '/step';
const post = (path: string) =>
  fetch(endpoint + path, {
    method: 'POST',
    credentials: 'include',
    headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
    body: '{}',
  });
const loaded = (name: string) => performance.getEntriesByType('resource').some((e) => e.name.includes(name));
const title = (el: AuthLogin) => root(el).querySelector('h2')!.textContent;
const step = (el: AuthLogin) => root(el).querySelector<HTMLFormElement>('form.step');

function firstStep(el: AuthLogin, user: string): void {
  type(panel(el).querySelector('input[name=username]')!, user);
  type(panel(el).querySelector('input[name=password]')!, 'step-password1');
  panel(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
}

async function secondStep(user = 'mfa-all', lang?: string): Promise<AuthLogin> {
  const el = await mount(html`<auth-login endpoint=${endpoint} lang=${lang ?? 'en'}></auth-login>`);
  firstStep(el, user);
  await waitUntil(() => step(el), 'the second step never showed', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

describe('Second step (mfa_required with methods)', () => {
  beforeEach(() => post('/logout'));

  it('shows the step in the card, from its own chunk, and focuses its heading; auth-success only at the end', async () => {
    let succeeded = 0;
    document.addEventListener('auth-success', () => succeeded++);
    expect(loaded('/views/mfa-step.'), 'the step is not in the main bundle').to.equal(false);
    const el = await secondStep();
    expect(loaded('/views/mfa-step.')).to.equal(true);
    expect(title(el)).to.equal("Verify it's you");
    expect(focused(el)).to.equal('title');
    expect(succeeded).to.equal(0);
    // The method choice: a radio group named by its legend, the first method chosen.
    const radios = [...panel(el).querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => r.parentElement!.textContent.trim())).to.deep.equal([
      'Authenticator app',
      'Text message',
      'Email',
    ]);
    expect(radios.map((r) => r.checked)).to.deep.equal([true, false, false]);
    expect(panel(el).querySelector('fieldset legend')!.textContent.trim()).to.equal('Verify with');
    const code = field(el, 'Verification code');
    expect(code.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(code.inputMode).to.equal('numeric');
    expect(() => button(el, 'Send code'), 'no Send code for an authenticator app').to.throw();
    expect(button(el, 'Back')).to.exist;
    await expect(el).to.be.accessible();
    type(code, '123456');
    const success = oneEvent<AuthSuccessEvent>(el, 'auth-success');
    button(el, 'Verify').click();
    const { detail } = await success;
    expect(detail).to.deep.equal({
      user: { id: 'mfa-all', displayName: 'Mia Fa', provider: 'stub-second-step' },
      method: 'password',
      notices: [],
    });
    expect(await signedIn(el)).to.equal('Mia Fa');
    expect(succeeded).to.equal(1);
    expect(focused(el)).to.equal('who');
    expect(step(el)).to.equal(null);
  });

  it('sends a code by SMS with the resend countdown, marks a wrong code, then signs in', async () => {
    const el = await secondStep();
    const sms = [...panel(el).querySelectorAll<HTMLInputElement>('input[type=radio]')][1]!;
    sms.click();
    await el.updateComplete;
    expect(
      panel(el)
        .querySelector('[part=hint]')!
        .textContent.replace(/[\u2066-\u2069]/g, ''),
    ).to.equal('We can send a code to +86 138****0001.');
    button(el, 'Send code').click();
    await waitUntil(() => statusText(el) === 'Code sent to +86 138****0001.', 'no "Code sent" status');
    await el.updateComplete;
    expect(panel(el).querySelector('[role=status]')).to.exist;
    expect(button(el, 'Send code').getAttribute('aria-disabled')).to.equal('true');
    expect(panel(el).querySelector('[part=countdown]')!.textContent.trim()).to.match(
      /^You can send a new code in [12] seconds?\.$/,
    );
    expect(focused(el)).to.equal(field(el, 'Verification code').id);
    type(field(el, 'Verification code'), '111111');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Verify').click();
    expect((await failed).detail).to.deep.equal({ code: 'invalid_code', method: 'password' });
    expect(await errorShown(el)).to.equal('That code is incorrect. Check it and try again.');
    await el.updateComplete;
    expect(field(el, 'Verification code').getAttribute('aria-invalid')).to.equal('true');
    expect(focused(el)).to.equal(field(el, 'Verification code').id);
    expect(title(el)).to.equal("Verify it's you");
    await expect(el).to.be.accessible();
    await waitUntil(() => statusText(el) === 'You can request a new code.', 'the countdown never ended', {
      timeout: 5000,
    });
    type(field(el, 'Verification code'), '654321');
    button(el, 'Verify').click();
    expect(await signedIn(el)).to.equal('Mia Fa');
  });

  it('holds Send code back for the Retry-After of a 429 and says so', async () => {
    const el = await secondStep();
    [...panel(el).querySelectorAll<HTMLInputElement>('input[type=radio]')][2]!.click();
    await el.updateComplete;
    const sent = await fetch(`${endpoint}/mfa/code`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'email' }),
    });
    expect(sent.status).to.equal(202);
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Send code').click();
    expect((await failed).detail.code).to.equal('rate_limited');
    expect(await errorShown(el)).to.match(/^Too many attempts\. Try again in [12] seconds?\.$/);
    await el.updateComplete;
    expect(button(el, 'Send code').getAttribute('aria-disabled')).to.equal('true');
  });

  it('Back returns to the first step as it was, focused', async () => {
    const el = await secondStep();
    button(el, 'Back').click();
    await el.updateComplete;
    expect(step(el)).to.equal(null);
    expect(title(el)).to.equal('Sign in');
    expect(field(el, 'Username').value).to.equal('mfa-all');
    expect(focused(el)).to.equal(field(el, 'Username').id);
    expect(panel(el).querySelector('[part=error]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('goes back to the first step when the BFF has no step pending any more', async () => {
    const el = await secondStep('mfa-totp');
    expect(panel(el).querySelector('fieldset'), 'one method: no choice').to.equal(null);
    expect(panel(el).querySelector('[part=hint]')!.textContent.trim()).to.equal(
      'Enter the code your authenticator app shows.',
    );
    await post('/logout'); // the pending step ends on the BFF (as when it expires)
    type(field(el, 'Verification code'), '123456');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Verify').click();
    expect((await failed).detail).to.deep.equal({ code: 'mfa_not_pending', method: 'password' });
    await el.updateComplete;
    expect(step(el)).to.equal(null);
    expect(title(el)).to.equal('Sign in');
    expect(await errorShown(el)).to.equal('Sign in again to continue.');
  });

  it('a step the upstream no longer knows (code_expired) ends it: back to the first step', async () => {
    const el = await secondStep('mfa-totp');
    type(field(el, 'Verification code'), '000000');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Verify').click();
    expect((await failed).detail).to.deep.equal({ code: 'mfa_not_pending', method: 'password' });
    await el.updateComplete;
    expect(step(el)).to.equal(null);
    expect(title(el)).to.equal('Sign in');
    const again = await fetch(`${endpoint}/mfa`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'totp', code: '123456' }),
    });
    expect(again.status, 'the step ended on the BFF too').to.equal(401);
    expect(((await again.json()) as { error: { code: string } }).error.code).to.equal('mfa_not_pending');
  });

  it('without an `mfa` member: the mfa_required message, as before', async () => {
    const el = await mount(html`<auth-login endpoint=${endpoint}></auth-login>`);
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    firstStep(el, 'no-mfa');
    expect((await failed).detail.code).to.equal('mfa_required');
    expect(await errorShown(el)).to.equal('This account needs a second step that is not available here.');
    expect(step(el)).to.equal(null);
  });

  it('speaks French and Chinese', async () => {
    const fr = await secondStep('mfa-all', 'fr');
    await waitUntil(() => title(fr) === "Confirmez qu'il s'agit bien de vous", `French: ${title(fr)}`);
    expect(button(fr, 'Vérifier')).to.exist;
    expect(button(fr, 'Retour')).to.exist;
    await expect(fr).to.be.accessible();
    await post('/logout');
    const zh = await secondStep('mfa-all', 'zh-CN');
    await waitUntil(() => title(zh) === '验证您的身份', `Chinese: ${title(zh)}`);
    expect(button(zh, '验证')).to.exist;
  });

  it("through real parts: the Authing simulator's MFA account, then its authenticator code", async () => {
    await fetch('/au/logout', {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
      body: '{}',
    });
    const el = await mount(html`<auth-login endpoint="/au" lang="en"></auth-login>`);
    type(panel(el).querySelector('input[name=username]')!, 'mia@example.com');
    type(panel(el).querySelector('input[name=password]')!, 'authing-password4');
    panel(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => step(el), 'the second step never showed', { timeout: 5000 });
    await el.updateComplete;
    const radios = [...panel(el).querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => r.parentElement!.textContent.trim())).to.deep.equal([
      'Authenticator app',
      'Text message',
      'Email',
    ]);
    type(field(el, 'Verification code'), '123456');
    const success = oneEvent<AuthSuccessEvent>(el, 'auth-success');
    button(el, 'Verify').click();
    const { detail } = await success;
    expect(detail.user.provider).to.equal('authing');
    expect(detail.method).to.equal('password');
    expect(await signedIn(el)).to.equal('Mia');
    await fetch('/au/logout', {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
      body: '{}',
    });
  });
});
