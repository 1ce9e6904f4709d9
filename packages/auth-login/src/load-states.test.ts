// What a page learns while the widget loads: `auth-ready` and `ready` (a restored session), a BFF
// that cannot be reached, unknown `methods` names, and a site whose allowedOrigins omit the page.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { AuthLogin } from './auth-login.js';
import type { AuthErrorEvent } from './events/auth-error.js';
import type { AuthReadyEvent } from './events/auth-ready.js';
import { button, errorShown, field, mount, resetSession, root, type } from './test-support/helpers.js';

/** Appends a fresh element with `attrs`, listening on `document` from before it loads. */
function attach(attrs: Record<string, string> = {}): {
  el: AuthLogin;
  ready: Promise<AuthReadyEvent>;
  events: string[];
} {
  const el = document.createElement('auth-login');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const events: string[] = [];
  const record = (e: Event) => events.push(e.type);
  document.addEventListener('auth-ready', record);
  document.addEventListener('auth-error', record);
  const ready = oneEvent<AuthReadyEvent>(document, 'auth-ready');
  document.body.append(el);
  return { el, ready, events };
}

/** Records console.warn calls while `fn` runs. */
async function warnings(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('<auth-login> on load', () => {
  beforeEach(resetSession);
  afterEach(() => document.querySelectorAll('body > auth-login').forEach((el) => el.remove()));

  it('fires auth-ready {user: null} (bubbling, composed) and resolves `ready` with null when signed out', async () => {
    const { el, ready } = attach();
    const event = await ready;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.target).to.equal(el);
    expect(event.detail).to.deep.equal({ user: null });
    expect(await el.ready).to.equal(null);
  });

  it('fires auth-ready with the user of a restored session, once; `ready` resolves with that user', async () => {
    const signIn = await fetch('/auth/password', {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: 'alice', password: 'alice-password1' }),
    });
    expect(signIn.status).to.equal(200);
    const { el, ready, events } = attach();
    const { detail } = await ready;
    expect(detail.user).to.include({ id: 'alice', displayName: 'Alice Martin' });
    expect((await el.ready)?.id).to.equal('alice');
    // Signing out and in again later does not fire it a second time.
    await el.signOut();
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((t) => t === 'auth-ready')).to.have.length(1);
  });

  it('says so when the BFF cannot be reached: auth-error network_error, a visible announced message', async () => {
    const { el, events } = attach({ endpoint: '/unreachable/auth' });
    const error = await oneEvent<AuthErrorEvent>(el, 'auth-error');
    expect(error.detail.code).to.equal('network_error');
    expect(error.detail.method).to.equal(undefined);
    expect(error.bubbles && error.composed).to.equal(true);
    const rejected = await el.ready.then(
      () => undefined,
      (e: { code?: string }) => e,
    );
    expect(rejected?.code).to.equal('network_error');
    await el.updateComplete;
    const message = root(el).querySelector('[part=error]');
    expect(message?.textContent?.trim()).to.equal('Could not reach the server. Check your connection and try again.');
    expect(message!.closest('[aria-live]')?.getAttribute('aria-live')).to.equal('assertive');
    expect(message!.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(events).to.not.include('auth-ready');
    await expect(el).to.be.accessible();
  });

  it('warns once, naming them, about unknown names in `methods`', async () => {
    let el: AuthLogin | undefined;
    const seen = await warnings(async () => {
      el = await mount(html`<auth-login methods="password sms token magic-link"></auth-login>`);
    });
    expect(el!.methods).to.deep.equal(['password', 'token']);
    const about = seen.filter((w) => w.includes('unknown methods'));
    expect(about).to.have.length(1);
    expect(about[0]).to.include('sms').and.include('magic-link');
    expect(about[0]).to.not.include('password,');
    const quiet = await warnings(async () => {
      await mount(html`<auth-login methods="password token"></auth-login>`);
    });
    expect(quiet.filter((w) => w.includes('unknown methods'))).to.deep.equal([]);
  });

  it('on 403 csrf_rejected (allowedOrigins omit the page) says the site does not allow sign-in here', async () => {
    const el = await mount(html`<auth-login endpoint="/foreign"></auth-login>`);
    type(field(el, 'Token'), 'valid-token-123');
    const error = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Sign in').click();
    expect((await error).detail).to.deep.equal({ code: 'csrf_rejected', method: 'token' });
    const text = await errorShown(el);
    expect(text).to.equal("This site's configuration does not allow sign-in from this page.");
    expect(text).to.not.match(/reload/i);
  });

  it('says it in French too', async () => {
    const el = await fixture<AuthLogin>(html`<auth-login endpoint="/foreign" lang="fr"></auth-login>`);
    await waitUntil(() => el.shadowRoot?.querySelector('[aria-busy=false] input'), 'never loaded', { timeout: 5000 });
    await waitUntil(() => root(el).querySelector('label')?.textContent?.trim() === 'Jeton', 'no French', {
      timeout: 5000,
    });
    type(field(el, 'Jeton'), 'valid-token-123');
    button(el, 'Se connecter').click();
    expect(await errorShown(el)).to.equal("La configuration de ce site n'autorise pas la connexion depuis cette page.");
  });
});
