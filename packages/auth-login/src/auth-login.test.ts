import { expect, html, oneEvent } from '@open-wc/testing';
import { a11ySnapshot, emulateMedia, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import type { AuthLogoutEvent } from './events/auth-logout.js';
import type { AuthSuccessEvent } from './events/auth-success.js';
import {
  button,
  field,
  firefox,
  focused,
  mount,
  panel,
  resetSession,
  root,
  signedIn,
  tab,
  tabs,
  type,
} from './test-support/helpers.js';

describe('<auth-login>', () => {
  beforeEach(resetSession);
  // emulateMedia needs CDP: Chromium only (Firefox over BiDi covers the themes by `theme`).
  afterEach(() => (firefox ? undefined : emulateMedia({ colorScheme: 'light' })));

  it('is accessible on load, with the four tabs of GET /config', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    expect(tabs(el).map((t) => t.textContent.trim())).to.deep.equal(['Password', 'Phone code', 'OTP', 'Token']);
  });

  // The accessibility tree by CDP: Chromium only (Firefox's roles and names are checked by axe above).
  (firefox ? it.skip : it)('exposes WAI-ARIA tabs with the accessible names of docs/architecture.md', async () => {
    const el = await mount();
    el.id = 'under-test';
    const snapshot = await a11ySnapshot({ selector: '#under-test' });
    // Puppeteer's snapshot keeps only "interesting" nodes: the tabs, not their tablist wrapper.
    const all: { role: string; name: string; selected?: boolean }[] = [];
    findAccessibilityNode(snapshot, (n) => (all.push(n), false));
    const names = all.filter((n) => n.role === 'tab').map((n) => [n.name, !!n.selected]);
    expect(root(el).querySelector('[role=tablist]')!.getAttribute('aria-label')).to.equal('Sign-in method');
    expect(names).to.deep.equal([
      ['Password', true],
      ['Phone code', false],
      ['OTP', false],
      ['Token', false],
    ]);
    expect(findAccessibilityNode(snapshot, (n) => n.role === 'textbox' && n.name === 'Username or email')).to.exist;
    expect(findAccessibilityNode(snapshot, (n) => n.role === 'button' && n.name === 'Sign in')).to.exist;
    expect(findAccessibilityNode(snapshot, (n) => n.role === 'button' && n.name === 'Show password')).to.exist;
    const selected = tab(el, 'Password');
    const tabpanel = root(el).getElementById(selected.getAttribute('aria-controls')!)!;
    expect(tabpanel.getAttribute('role')).to.equal('tabpanel');
    expect(tabpanel.getAttribute('aria-labelledby')).to.equal(selected.id);
  });

  it('moves between tabs with arrows, Home and End (roving tabindex, automatic activation)', async () => {
    const el = await mount();
    tab(el, 'Password').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(focused(el)).to.equal(tab(el, 'Phone code').id);
    expect(tab(el, 'Phone code').getAttribute('aria-selected')).to.equal('true');
    expect(tabs(el).map((t) => t.tabIndex)).to.deep.equal([-1, 0, -1, -1]);
    expect(field(el, 'Phone number')).to.exist;
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(focused(el)).to.equal(tab(el, 'Token').id);
    await sendKeys({ press: 'ArrowRight' }); // wraps
    await el.updateComplete;
    expect(focused(el)).to.equal(tab(el, 'Password').id);
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(focused(el)).to.equal(tab(el, 'Token').id);
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(focused(el)).to.equal(tab(el, 'Password').id);
    // Tab leaves the tab list for the panel's first field.
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(field(el, 'Username or email').id);
  });

  it('reverses the arrow keys in a right-to-left page', async () => {
    const el = await mount(html`<auth-login dir="rtl"></auth-login>`);
    tab(el, 'Password').focus();
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(focused(el)).to.equal(tab(el, 'Phone code').id);
    expect(getComputedStyle(root(el).querySelector('.card')!).direction).to.equal('rtl');
    await expect(el).to.be.accessible();
  });

  it('shows no tab bar for a single method, and follows the order of `methods`', async () => {
    const one = await mount(html`<auth-login methods="token"></auth-login>`);
    expect(tabs(one)).to.have.length(0);
    expect(panel(one).getAttribute('role')).to.equal(null);
    expect(field(one, 'Token')).to.exist;
    await expect(one).to.be.accessible();
    const two = await mount(html`<auth-login methods="otp password"></auth-login>`);
    expect(tabs(two).map((t) => t.textContent.trim())).to.deep.equal(['OTP', 'Password']);
    expect(two.methods).to.deep.equal(['otp', 'password']);
    // Frameworks may set the property to the attribute's string (React 19 does): same result.
    (two as unknown as { methods: string }).methods = 'token password';
    await two.updateComplete;
    expect(tabs(two).map((t) => t.textContent.trim())).to.deep.equal(['Token', 'Password']);
  });

  it('signs in, fires auth-success, shows who, and signs out with auth-logout', async () => {
    const el = await mount();
    type(field(el, 'Username or email'), 'alice');
    type(field(el, 'Password'), 'alice-password1');
    const success = oneEvent<AuthSuccessEvent>(document, 'auth-success');
    button(el, 'Sign in').click();
    const { detail } = await success;
    expect(detail.method).to.equal('password');
    expect(detail.user).to.include({ id: 'alice', displayName: 'Alice Martin' });
    expect(await signedIn(el)).to.equal('Alice Martin');
    expect(el.user?.id).to.equal('alice');
    expect(root(el).querySelector('[part=user-id]')!.textContent).to.equal('alice');
    expect(focused(el)).to.equal('who');
    // Focus lands on "Signed in as Alice Martin", not on the name alone.
    expect(root(el).getElementById('who')!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'Signed in as Alice Martin alice',
    );
    await expect(el).to.be.accessible();

    // The session is the BFF's httpOnly cookie: a new element asks GET /session and is signed in too.
    const again = await mount();
    expect(await signedIn(again)).to.equal('Alice Martin');
    expect(document.cookie).to.equal('');

    const logout = oneEvent<AuthLogoutEvent>(again, 'auth-logout');
    button(again, 'Sign out').click();
    await logout;
    await again.updateComplete;
    expect(tabs(again)).to.have.length(4);
    expect(focused(again)).to.equal(tab(again, 'Password').id);
    const session: unknown = await (await fetch('/auth/session', { credentials: 'include' })).json();
    expect(session).to.deep.equal({ authenticated: false });
  });

  it('is accessible in every tab, in the light and the dark theme', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const el = await mount(html`<auth-login theme=${theme}></auth-login>`);
      for (const name of ['Password', 'Phone code', 'OTP', 'Token']) {
        tab(el, name).click();
        await el.updateComplete;
        await expect(el).to.be.accessible();
      }
    }
  });

  (firefox ? it.skip : it)('follows prefers-color-scheme unless a theme is forced', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const auto = await mount();
    const forced = await mount(html`<auth-login theme="light"></auth-login>`);
    const bg = (el: HTMLElement) => getComputedStyle(root(el as never).querySelector('.card')!).backgroundColor;
    expect(bg(auto)).to.equal('rgb(21, 24, 33)');
    expect(bg(forced)).to.equal('rgb(255, 255, 255)');
    await expect(auto).to.be.accessible();
  });

  it('takes colours, radius and font from --auth-login-* and exposes parts', async () => {
    const el = await mount(
      html`<auth-login
        style="--auth-login-color-primary: rgb(0, 128, 0); --auth-login-radius: 2px; --auth-login-font: serif"
      ></auth-login>`,
    );
    const submit = button(el, 'Sign in');
    expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(0, 128, 0)');
    expect(getComputedStyle(root(el).querySelector('.card')!).borderTopLeftRadius).to.equal('2px');
    expect(getComputedStyle(el).fontFamily).to.equal('serif');
    for (const part of [
      'card',
      'title',
      'tabs',
      'tab',
      'panel',
      'form',
      'field',
      'label',
      'input',
      'toggle',
      'submit',
      'button',
    ]) {
      expect(root(el).querySelector(`[part~=${part}]`), part).to.exist;
    }
  });
});
