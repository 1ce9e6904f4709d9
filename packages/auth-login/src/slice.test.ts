// The first vertical slice through real parts only (issue 2): this element in Chromium →
// POST /bw/password on the real BFF → the broadworks-oci connector over TCP → the BroadWorks
// simulator (admin login, then AuthenticationVerifyRequest22V4) → httpOnly cookie → GET /bw/session
// → Sign out. No stub anywhere: /bw is mounted by test-support/bff-server.mjs.
import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { AuthSuccessEvent } from './events/auth-success.js';
import { button, errorShown, field, mount, root, signedIn, type } from './test-support/helpers.js';

const endpoint = '/bw';

type Session = { authenticated: boolean; user?: { id: string; displayName?: string } };

async function session(): Promise<Session> {
  return (await (await fetch(`${endpoint}/session`, { credentials: 'include' })).json()) as Session;
}

describe('Password tab against BroadWorks (real connector, real simulator)', () => {
  beforeEach(async () => {
    await fetch(`${endpoint}/logout`, { method: 'POST', credentials: 'include', headers: { 'X-CSRF': '1' } });
  });

  it('labels the identifier as BroadWorks reads it, signs in, shows who, and signs out', async () => {
    const el = await mount(html`<auth-login endpoint=${endpoint}></auth-login>`);
    expect(root(el).querySelector('[role=tablist]') === null, 'one method: no tab bar').to.equal(true);
    type(field(el, 'User ID or phone number'), 'alice@example.com');
    type(field(el, 'Password'), 'alice-password1');
    const success = oneEvent<AuthSuccessEvent>(el, 'auth-success');
    button(el, 'Sign in').click();
    const { detail } = await success;
    expect(detail.method).to.equal('password');
    expect(detail.user).to.include({ id: 'alice@example.com', displayName: 'Alice Smith', provider: 'broadworks-oci' });
    expect(await signedIn(el)).to.equal('Alice Smith');
    // The cookie is httpOnly: the page cannot read it, yet the BFF knows the session.
    expect(document.cookie).not.to.contain('bw-auth');
    expect(await session()).to.deep.include({ authenticated: true });

    const loggedOut = oneEvent(el, 'auth-logout');
    button(el, 'Sign out').click();
    await loggedOut;
    await waitUntil(() => root(el).querySelector('form'), 'the sign-in form did not come back');
    expect(await session()).to.deep.equal({ authenticated: false });
  });

  it('signs in with a phone number and passcode (the DN form of AuthenticationVerifyRequest22V4)', async () => {
    const el = await mount(html`<auth-login endpoint=${endpoint}></auth-login>`);
    type(field(el, 'User ID or phone number'), '+1-2025550124');
    type(field(el, 'Password'), '5678');
    button(el, 'Sign in').click();
    // Latin-1 on the wire after login: the name must come out right.
    expect(await signedIn(el)).to.equal('Zoë Müller');
  });

  it('shows a clear error for a wrong password, and the BFF answers 401 invalid_credentials', async () => {
    const el = await mount(html`<auth-login endpoint=${endpoint}></auth-login>`);
    type(field(el, 'User ID or phone number'), 'alice@example.com');
    type(field(el, 'Password'), 'not-her-password');
    button(el, 'Sign in').click();
    expect(await errorShown(el)).to.equal('Those sign-in details are incorrect. Check them and try again.');

    const res = await fetch(`${endpoint}/password`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: 'alice@example.com', password: 'still-wrong' }),
    });
    expect(res.status).to.equal(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('invalid_credentials');
    expect(await session()).to.deep.equal({ authenticated: false });
  });
});
