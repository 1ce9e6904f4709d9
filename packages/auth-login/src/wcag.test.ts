import { expect, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import type { AuthLogin } from './auth-login.js';
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
  statusText,
  tab,
  tabs,
  type,
} from './test-support/helpers.js';

// WCAG 2.2 AA beyond what axe checks, in the real browser (Chromium and Firefox): status messages
// (4.1.3), the captcha's way out (1.1.1, 3.3.8), the selected tab's marker (1.4.11), direction.

/** Every text the panel's status line shows, in order, from now on. */
function record(el: AuthLogin): string[] {
  const seen: string[] = [];
  const region = panel(el).querySelector('[role=status]')!;
  new MutationObserver(() => {
    const text = statusText(el);
    if (text && text !== seen.at(-1)) seen.push(text);
  }).observe(region, { childList: true, characterData: true, subtree: true });
  return seen;
}

/** What a busy button's indicator looks like (its ::after). */
const busyLook = (b: HTMLElement): string[] => {
  const s = getComputedStyle(b, '::after');
  return [s.content, s.width, s.height, s.borderTopWidth, s.borderTopStyle, s.animationName];
};
let signInBusy: string[] = [];

let n = 0;
const freshPhone = (end = '') => `+1555${Date.now() % 1_000_000}${n++}${end}`;

// --- WCAG contrast (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio) ------------------------
function rgb(color: string): [number, number, number] {
  const m = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/.exec(color);
  if (!m) throw new Error(`not an rgb() colour: ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
const luminance = (c: string) => {
  const [r, g, b] = rgb(c).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};
/** The selected tab's marker: the inset box-shadow's colour, and its thickness in px. */
function marker(t: HTMLElement): { color: string; width: number } | undefined {
  const shadow = getComputedStyle(t).boxShadow;
  const inset = shadow.split(/,(?![^(]*\))/).find((s) => s.includes('inset'));
  if (!inset) return undefined;
  const color = /rgba?\([^)]*\)/.exec(inset)![0];
  const lengths = inset
    .replace(color, '')
    .match(/-?[\d.]+px/g)!
    .map(parseFloat);
  return { color, width: Math.abs(lengths[1]!) };
}

describe('WCAG 2.2 AA in the browser', () => {
  beforeEach(resetSession);

  describe('status messages (4.1.3)', () => {
    it('each panel has an empty status line from the start; a send writes "Code sent to …", its countdown end "You can request a new code" once', async () => {
      const el = await mount();
      for (const t of tabs(el)) {
        t.click();
        await el.updateComplete;
        const region = panel(el).querySelector('[role=status]');
        expect(region, `${t.textContent.trim()} has no status line`).to.exist;
        expect(statusText(el)).to.equal('');
        // In the accessibility tree while empty: not display:none, not hidden.
        expect(getComputedStyle(region!).display).to.not.equal('none');
        // ... and, empty, it takes no room: the next field starts one gap below the error slot.
        expect((region as HTMLElement).offsetHeight).to.equal(0);
        expect(region!.childNodes.length, 'whitespace in the empty status line').to.equal(0);
        // The empty error slot and status line add no gap: the first field starts at the form's top.
        const form = panel(el).querySelector('form')!;
        const first = form.querySelector('.field')!;
        expect(first.getBoundingClientRect().top - form.getBoundingClientRect().top).to.be.closeTo(0, 0.5);
        expect(
          getComputedStyle(root(el).getElementById(`${form.closest('.panel')!.id.slice(6)}-error`)!).display,
        ).to.equal('block');
      }
      tab(el, 'OTP').click();
      await el.updateComplete;
      const seen = record(el);
      type(field(el, 'Email'), 'carol@example.com');
      button(el, 'Send code').click();
      await waitUntil(() => statusText(el).startsWith('Code sent'), 'no "Code sent" after Send code (OTP)');
      expect(statusText(el)).to.equal('Code sent to carol@example.com.');
      // The per-second countdown is shown, but outside the live region.
      const countdown = panel(el).querySelector('[part=countdown]')!;
      expect(countdown.closest('[role=status],[aria-live]')).to.equal(null);
      await waitUntil(() => statusText(el) === 'You can request a new code.', 'the countdown end was not said', {
        timeout: 6000,
      });
      expect(seen).to.deep.equal(['Sending code…', 'Code sent to carol@example.com.', 'You can request a new code.']);
      expect(
        seen.some((s) => /\d+ seconds?/.test(s)),
        'a countdown tick reached the live region',
      ).to.equal(false);
    });

    it('the phone tab says "Code sent to …" again on every resend (the text changes in between)', async () => {
      const el = await mount();
      tab(el, 'Phone code').click();
      await el.updateComplete;
      const seen = record(el);
      const phone = freshPhone();
      type(field(el, 'Phone number'), phone);
      button(el, 'Send code').click();
      await waitUntil(() => statusText(el) === `Code sent to ${phone}.`, 'no "Code sent" (phone)');
      // The address is isolated left-to-right inside the sentence.
      expect(panel(el).querySelector('[role=status]')!.textContent).to.include(`\u2066${phone}\u2069`);
      await waitUntil(() => statusText(el) === 'You can request a new code.', 'countdown end not said', {
        timeout: 6000,
      });
      button(el, 'Send code').click();
      await waitUntil(() => seen.length === 5, `resend not said: ${JSON.stringify(seen)}`, { timeout: 4000 });
      expect(seen).to.deep.equal([
        'Sending code…',
        `Code sent to ${phone}.`,
        'You can request a new code.',
        'Sending code…',
        `Code sent to ${phone}.`,
      ]);
    });
  });

  describe('pending (4.1.3)', () => {
    it('Sign in against a slow upstream: "Signing in…" in the status line, aria-busy, focus kept', async () => {
      const el = await mount();
      type(field(el, 'Username or email'), 'slow');
      type(field(el, 'Password'), 'slow-password1');
      const submit = button(el, 'Sign in');
      submit.focus();
      submit.click();
      await el.updateComplete;
      expect(statusText(el)).to.equal('Signing in…');
      expect(submit.getAttribute('aria-busy')).to.equal('true');
      expect(submit.getAttribute('aria-disabled')).to.equal('true');
      expect(submit.classList.contains('busy')).to.equal(true);
      expect(focused(el)).to.equal(''); // the button itself, which has no id: still focused
      expect(root(el).activeElement).to.equal(submit);
      signInBusy = busyLook(submit);
      expect(signInBusy[0]).to.not.equal('none');
      expect(await signedIn(el)).to.equal('slow');
    });

    it('Send code against a slow upstream: "Sending code…", aria-busy and the same busy style as Sign in', async () => {
      const el = await mount();
      const signInAfter = getComputedStyle(button(el, 'Sign in'), '::after').content;
      tab(el, 'Phone code').click();
      await el.updateComplete;
      type(field(el, 'Phone number'), freshPhone('999')); // the stub delivers after 1 s
      const send = button(el, 'Send code');
      send.click();
      await el.updateComplete;
      expect(statusText(el)).to.equal('Sending code…');
      expect(send.getAttribute('aria-busy')).to.equal('true');
      expect(send.classList.contains('busy')).to.equal(true);
      const after = getComputedStyle(send, '::after');
      expect(after.content).to.not.equal('none');
      expect(signInAfter).to.equal('none'); // not busy: no indicator
      // The Firefox run has prefers-reduced-motion (web-test-runner.config.mjs): a still indicator.
      expect(after.animationName).to.equal(matchMedia('(prefers-reduced-motion: reduce)').matches ? 'none' : 'spin');
      // The same indicator as Sign in's while it signs in.
      expect(busyLook(send), 'Send code and Sign in look busy alike').to.deep.equal(signInBusy);
      await waitUntil(() => statusText(el).startsWith('Code sent'), 'never sent', { timeout: 4000 });
      expect(send.getAttribute('aria-busy')).to.equal('false');
    });

    // Chromium: emulated by CDP; Firefox: its whole run has the preference (a launch pref).
    it('under prefers-reduced-motion the busy indicator stands still', async () => {
      if (!firefox) await emulateMedia({ reducedMotion: 'reduce' });
      expect(matchMedia('(prefers-reduced-motion: reduce)').matches).to.equal(true);
      try {
        const el = await mount();
        type(field(el, 'Username or email'), 'slow');
        type(field(el, 'Password'), 'slow-password1');
        button(el, 'Sign in').click();
        await el.updateComplete;
        const after = getComputedStyle(button(el, 'Sign in'), '::after');
        expect(after.content).to.not.equal('none');
        expect(after.animationName).to.equal('none');
        await signedIn(el);
      } finally {
        if (!firefox) await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });
  });

  describe('captcha (1.1.1, 3.3.8)', () => {
    async function captchaShown(el: AuthLogin): Promise<HTMLImageElement> {
      type(field(el, 'Username or email'), `captcha-${n++}`);
      type(field(el, 'Password'), 'captcha-password1');
      button(el, 'Sign in').click();
      await errorShown(el);
      await el.updateComplete;
      const img = panel(el).querySelector<HTMLImageElement>('[part=captcha-image]')!;
      await waitUntil(() => img.complete && img.naturalWidth > 0, 'the captcha image never loaded');
      return img;
    }

    it('names the other tabs, offers a new image (GET /captcha again) and a way Back to the plain form', async () => {
      const el = await mount();
      const img = await captchaShown(el);
      expect(await errorShown(el)).to.equal(
        'Type the characters shown in the image to continue. You can also sign in with Phone code, OTP, or Token.',
      );
      const before = img.getAttribute('src');
      const fresh = button(el, 'New image');
      expect(fresh.type).to.equal('button');
      fresh.click();
      await el.updateComplete;
      expect(img.getAttribute('src')).to.not.equal(before);
      expect(img.getAttribute('src')).to.match(/^\/auth\/captcha\?n=\d+$/);
      await waitUntil(() => img.complete && img.naturalWidth > 0, 'the new image never loaded');
      await expect(el).to.be.accessible();

      button(el, 'Back').click();
      await el.updateComplete;
      expect(panel(el).querySelector('[part=captcha]')).to.equal(null);
      expect(panel(el).querySelector('[part=error]')).to.equal(null);
      expect(focused(el)).to.equal(field(el, 'Username or email').id);
      // Not trapped: another account signs in from the plain form.
      type(field(el, 'Username or email'), 'alice');
      type(field(el, 'Password'), 'alice-password1');
      button(el, 'Sign in').click();
      expect(await signedIn(el)).to.equal('Alice Martin');
    });

    it('with the password tab alone, does not point to other tabs', async () => {
      const el = await mount(html`<auth-login methods="password"></auth-login>`);
      await captchaShown(el);
      expect(await errorShown(el)).to.equal('Type the characters shown in the image to continue.');
    });
  });

  describe('the selected tab (1.4.11)', () => {
    for (const [name, attrs] of [
      ['light', { theme: 'light', style: '' }],
      ['dark', { theme: 'dark', style: '' }],
      ['a custom accent (light)', { theme: 'light', style: '--auth-login-color-primary: #0a6e31' }],
      ['a custom accent (dark)', { theme: 'dark', style: '--auth-login-color-primary: #f0b429' }],
    ] as const) {
      it(`has a marker of at least 3:1 against the tab and the tab bar: ${name}`, async () => {
        const el = await mount(html`<auth-login theme=${attrs.theme} style=${attrs.style}></auth-login>`);
        const selected = tab(el, 'Password');
        const other = tab(el, 'Phone code');
        const mark = marker(selected);
        expect(mark, 'no marker on the selected tab').to.not.equal(undefined);
        expect(mark!.width).to.be.at.least(2);
        expect(marker(other), 'unselected tabs have no marker').to.equal(undefined);
        const tabBg = getComputedStyle(selected).backgroundColor;
        const barBg = getComputedStyle(root(el).querySelector('[role=tablist]')!).backgroundColor;
        expect(contrast(mark!.color, tabBg), `marker ${mark!.color} on ${tabBg}`).to.be.at.least(3);
        expect(contrast(mark!.color, barBg), `marker ${mark!.color} on ${barBg}`).to.be.at.least(3);
        if (attrs.style) expect(mark!.color).to.equal(getComputedStyle(button(el, 'Sign in')).backgroundColor);
      });
    }

    // Forced colours (Windows High Contrast) drop backgrounds and shadows, the marker above included.
    // Chromium only: emulated by CDP (the `forced-colors` command of web-test-runner.config.mjs).
    it('keeps a marker in forced-colours mode: a border in the system Highlight colour', async function () {
      if (firefox) this.skip();
      await executeServerCommand('forced-colors', 'active');
      try {
        const el = await mount();
        await el.updateComplete;
        const selected = getComputedStyle(tab(el, 'Password'));
        const other = getComputedStyle(tab(el, 'Phone code'));
        expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
        expect(selected.borderBottomStyle).to.equal('solid');
        expect(parseFloat(selected.borderBottomWidth)).to.be.at.least(2);
        expect(parseFloat(other.borderBottomWidth), 'unselected tabs have no border').to.equal(0);
      } finally {
        await executeServerCommand('forced-colors', 'none');
      }
    });
  });

  describe('direction and the signed-in view', () => {
    it('an RTL page in a language the widget does not ship gets the English fallback left to right', async () => {
      const wrap = document.createElement('div');
      wrap.lang = 'he'; // Hebrew: right to left, not shipped
      wrap.dir = 'rtl';
      document.body.append(wrap);
      try {
        const el = document.createElement('auth-login');
        wrap.append(el);
        await waitUntil(() => root(el)?.querySelector('[aria-busy=false]'), 'never loaded');
        await el.updateComplete;
        const card = root(el).querySelector('.card')!;
        expect(card.getAttribute('lang')).to.equal('en');
        expect(card.getAttribute('dir')).to.equal('ltr');
        expect(getComputedStyle(card).direction).to.equal('ltr');
      } finally {
        wrap.remove();
      }
      // A shipped language in an RTL page keeps the page's direction.
      const fr = await mount(html`<auth-login lang="fr" dir="rtl"></auth-login>`);
      await waitUntil(() => root(fr).querySelector('.card')!.getAttribute('lang') === 'fr');
      await fr.updateComplete;
      expect(root(fr).querySelector('.card')!.hasAttribute('dir')).to.equal(false);
      expect(getComputedStyle(root(fr).querySelector('.card')!).direction).to.equal('rtl');
    });
  });
});
