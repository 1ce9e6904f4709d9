// `notices` of a sign-in (`{code: 'password_expires', days}`) on the signed-in view and in
// auth-success; and the English strings needed only after an answer (./internal/locales/en-later.ts)
// as a chunk of their own. The notices come from the REAL BFF: its /step deployment with the `step`
// stub connector (test-support/stub-connectors.mjs), and its /bw deployment with the BroadWorks
// simulator's account whose password expires in 5 days (passwordExpiresDays).
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
  resetSession,
  root,
  signedIn,
  tab,
  type,
} from './test-support/helpers.js';

const endpoint = '/step';
const loaded = (name: string) => performance.getEntriesByType('resource').some((e) => e.name.includes(name));

async function logout(base: string): Promise<void> {
  const res = await fetch(`${base}/logout`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (res.status !== 204) throw new Error(`logout answered ${res.status}`);
}

async function signIn(user: string, lang = 'en'): Promise<{ el: AuthLogin; detail: AuthSuccessEvent['detail'] }> {
  await logout(endpoint);
  const el = await mount(html`<auth-login endpoint=${endpoint} lang=${lang}></auth-login>`);
  type(panel(el).querySelector('input[name=username]')!, user);
  type(panel(el).querySelector('input[name=password]')!, 'step-password1');
  const success = oneEvent<AuthSuccessEvent>(el, 'auth-success');
  panel(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  const { detail } = await success;
  await signedIn(el);
  return { el, detail };
}
const notices = (el: AuthLogin) => [...root(el).querySelectorAll('[part=notice]')].map((n) => n.textContent.trim());

describe('English strings after an answer', () => {
  beforeEach(resetSession);

  it('are not loaded for the first render, but as soon as a request starts; the error lands in the live region', async () => {
    const el = await mount();
    expect(loaded('/locales/en-later.'), 'loaded before any request').to.equal(false);
    tab(el, 'Token').click();
    await el.updateComplete;
    const live = panel(el).querySelector('[aria-live=assertive]')!;
    expect(live.textContent).to.equal('');
    type(field(el, 'Token'), 'bad-token');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Sign in').click();
    expect((await failed).detail).to.deep.equal({ code: 'invalid_token', method: 'token' });
    // Requested when the sign-in started; a resource entry appears once it has arrived, which may
    // be just after the BFF's answer: the text is shown as soon as both are there.
    await waitUntil(() => live.textContent.trim() !== '', 'the error text never came', { timeout: 5000 });
    expect(await errorShown(el)).to.equal('That token is not valid.');
    expect(loaded('/locales/en-later.'), 'not loaded with the sign-in').to.equal(true);
    // The same live region (in the page since the first render) now holds the text: announced.
    expect(panel(el).querySelector('[aria-live=assertive]')).to.equal(live);
    expect(live.textContent.trim()).to.equal('That token is not valid.');
    expect(focused(el)).to.equal(field(el, 'Token').id);
  });
});

describe('Notices after sign-in', () => {
  it('"Your password expires in 3 days." under the name, read with it, and in auth-success', async () => {
    const { el, detail } = await signIn('notice');
    expect(detail.notices).to.deep.equal([{ code: 'password_expires', days: 3 }]);
    expect(notices(el)).to.deep.equal(['Your password expires in 3 days.']);
    expect(focused(el)).to.equal('who');
    expect(root(el).getElementById('who')!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'Signed in as User notice notice Your password expires in 3 days.',
    );
    expect(button(el, 'Sign out')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('days ≤ 0: "Your password has expired."; none: nothing', async () => {
    const { el } = await signIn('expired');
    expect(notices(el)).to.deep.equal(['Your password has expired.']);
    const plain = await signIn('plain');
    expect(plain.detail.notices).to.deep.equal([]);
    expect(notices(plain.el)).to.deep.equal([]);
  });

  it('from the BroadWorks simulator: Eve, whose password expires in 5 days (passwordExpiresDays)', async () => {
    await logout('/bw');
    const el = await mount(html`<auth-login endpoint="/bw" lang="en"></auth-login>`);
    type(panel(el).querySelector('input[name=username]')!, 'eve@example.com');
    type(panel(el).querySelector('input[name=password]')!, 'eve-password1');
    const success = oneEvent<AuthSuccessEvent>(el, 'auth-success');
    panel(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const { detail } = await success;
    expect(detail.notices).to.deep.equal([{ code: 'password_expires', days: 5 }]);
    expect(await signedIn(el)).to.equal('Eve Expiring');
    expect(notices(el)).to.deep.equal(['Your password expires in 5 days.']);
    await logout('/bw');
  });

  it('in French and Chinese (Intl.RelativeTimeFormat for the days)', async () => {
    const fr = (await signIn('notice', 'fr')).el;
    await waitUntil(
      () => notices(fr)[0] === 'Votre mot de passe expire dans 3 jours.',
      `French: ${notices(fr).join()}`,
    );
    const zh = (await signIn('notice', 'zh-CN')).el;
    await waitUntil(() => notices(zh)[0] === '您的密码将于3天后过期。', `Chinese: ${notices(zh).join()}`);
  });

  it('are gone after Sign out and another sign-in without them', async () => {
    const { el } = await signIn('notice');
    button(el, 'Sign out').click();
    await waitUntil(() => !root(el).querySelector('[part=user-name]'), 'never signed out');
    type(panel(el).querySelector('input[name=username]')!, 'plain');
    type(panel(el).querySelector('input[name=password]')!, 'step-password1');
    panel(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await signedIn(el);
    expect(notices(el)).to.deep.equal([]);
  });
});
