import { aTimeout, expect, html, oneEvent } from '@open-wc/testing';
import type { AuthLogin } from './auth-login.js';
import type { AuthLogoutEvent } from './events/auth-logout.js';
import { button, field, mount, root, signedIn, type } from './test-support/helpers.js';

// A session that ends on the BFF while the signed-in view shows (idle/absolute timeout): the
// /short deployment's sessions last SHORT_SESSION_SECONDS (test-support/bff-server.mjs), for real.
const SESSION_MS = 2000;

/** Every request the page makes to /short/*, in order (`GET /session`, `POST /logout`, ...). */
function recordRequests(): { calls: string[]; stop(): void } {
  const calls: string[] = [];
  const original = fetch;
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.pathname.startsWith('/short/'))
      calls.push(`${init?.method ?? 'GET'} ${url.pathname.slice('/short'.length)}`);
    return original(input, init);
  };
  return { calls, stop: () => void (window.fetch = original) };
}

async function signInShort(): Promise<AuthLogin> {
  await fetch('/short/logout', { method: 'POST', credentials: 'include', headers: { 'X-CSRF': '1' } });
  const el = await mount(html`<auth-login endpoint="/short"></auth-login>`);
  type(field(el, 'Token'), 'valid-token-123');
  button(el, 'Sign in').click();
  expect(await signedIn(el)).to.equal('Token User');
  return el;
}

const visible = (): void => void document.dispatchEvent(new Event('visibilitychange'));

describe('a session that expires while the signed-in view shows', () => {
  let requests: ReturnType<typeof recordRequests> | undefined;
  afterEach(() => requests?.stop());

  it('coming back to the page (visibilitychange → visible) finds it ended: back to the form, auth-logout {reason: expired}', async () => {
    expect(document.visibilityState).to.equal('visible');
    const el = await signInShort();
    await aTimeout(SESSION_MS + 300);
    requests = recordRequests();
    const logout = oneEvent<AuthLogoutEvent>(el, 'auth-logout');
    visible();
    expect((await logout).detail).to.deep.equal({ reason: 'expired' });
    await el.updateComplete;
    expect(requests.calls).to.deep.equal(['GET /session']);
    expect(root(el).querySelector('[part=user]')).to.equal(null);
    expect(field(el, 'Token').value).to.equal('');
    expect(el.user).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('checks at most once in a while (throttled); Sign out then finds it ended, without POST /logout', async () => {
    const el = await signInShort();
    requests = recordRequests();
    let logouts = 0;
    el.addEventListener('auth-logout', () => logouts++);
    visible(); // still valid: stays signed in
    await aTimeout(300);
    expect(requests.calls).to.deep.equal(['GET /session']);
    expect(root(el).querySelector('[part=user-name]')).to.exist;
    await aTimeout(SESSION_MS);
    visible(); // ended now, but checked a moment ago: no new request
    visible();
    await aTimeout(300);
    expect(requests.calls).to.deep.equal(['GET /session']);
    expect(root(el).querySelector('[part=user-name]')).to.exist;
    expect(logouts).to.equal(0);

    const logout = oneEvent<AuthLogoutEvent>(el, 'auth-logout');
    button(el, 'Sign out').click();
    expect((await logout).detail).to.deep.equal({ reason: 'expired' });
    await el.updateComplete;
    expect(requests.calls).to.deep.equal(['GET /session', 'GET /session']);
    expect(field(el, 'Token')).to.exist;
  });

  it('a live session: Sign out ends it (POST /logout) with auth-logout {reason: signout}', async () => {
    const el = await signInShort();
    requests = recordRequests();
    const logout = oneEvent<AuthLogoutEvent>(el, 'auth-logout');
    button(el, 'Sign out').click();
    expect((await logout).detail).to.deep.equal({ reason: 'signout' });
    expect(requests.calls).to.deep.equal(['GET /session', 'POST /logout']);
    const session: unknown = await (await fetch('/short/session', { credentials: 'include' })).json();
    expect(session).to.deep.equal({ authenticated: false });
  });
});
