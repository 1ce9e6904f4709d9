import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { AuthLogin } from './auth-login.js';
import { focused, mount, resetSession, root, tab, tabs } from './test-support/helpers.js';

// The four tab labels stay on one line at the default width (--auth-login-max-width, 25rem) in
// every shipped locale; narrower, the tab list scrolls sideways (no visible scrollbar) instead of
// wrapping, and keeps the selected tab in view.

const LABELS = {
  en: ['Password', 'Phone code', 'OTP', 'Token'],
  fr: ['Mot de passe', 'Code par SMS', 'OTP', 'Jeton'],
  'zh-CN': ['密码', '短信验证码', '动态口令', '令牌'],
} as const;

/** How many line boxes a tab's label takes (distinct tops of its text's client rects). */
function lines(el: HTMLElement): number {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
}

const list = (el: AuthLogin): HTMLElement => root(el).querySelector<HTMLElement>('[role=tablist]')!;

/** True when the tab is wholly inside the tab list's visible box. */
function inView(el: AuthLogin, t: HTMLElement): boolean {
  const outer = list(el).getBoundingClientRect();
  const inner = t.getBoundingClientRect();
  return inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;
}

async function mountIn(lang: keyof typeof LABELS, style = ''): Promise<AuthLogin> {
  const el = await mount(html`<auth-login lang=${lang} style=${style}></auth-login>`);
  await waitUntil(() => tabs(el)[0]?.textContent!.trim() === LABELS[lang][0], `the ${lang} strings never loaded`);
  await el.updateComplete;
  return el;
}

describe('tab bar layout', () => {
  beforeEach(resetSession);
  after(() => setViewport({ width: 800, height: 600 }));

  for (const [width, label] of [
    [800, 'the default width (25rem)'],
    [390, 'a 390px phone (card 358px)'],
  ] as const) {
    it(`fits the four labels on one line, all visible, at ${label}: en, fr, zh-CN`, async () => {
      await setViewport({ width, height: 800 });
      for (const lang of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
        const el = await mountIn(lang, width === 390 ? 'width: 358px' : '');
        expect(el.getBoundingClientRect().width).to.equal(width === 390 ? 358 : 400);
        expect(tabs(el).map((t) => t.textContent!.trim())).to.deep.equal([...LABELS[lang]]);
        for (const t of tabs(el)) {
          expect(lines(t), `${lang} "${t.textContent!.trim()}" lines`).to.equal(1);
          expect(inView(el, t), `${lang} "${t.textContent!.trim()}" visible`).to.equal(true);
        }
        expect(list(el).scrollWidth, `${lang} tab list overflows`).to.be.at.most(list(el).clientWidth);
      }
    });
  }

  it('when narrower, scrolls sideways with no visible scrollbar and keeps the selected tab in view', async () => {
    const el = await mountIn('fr', 'width: 260px');
    const bar = list(el);
    for (const t of tabs(el)) expect(lines(t), t.textContent!.trim()).to.equal(1);
    expect(bar.scrollWidth).to.be.above(bar.clientWidth); // scrollable, not wrapped
    const style = getComputedStyle(bar);
    const borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    expect(bar.offsetHeight - bar.clientHeight - borders, 'scrollbar height').to.equal(0);
    const last = tabs(el).at(-1)!;
    expect(inView(el, last)).to.equal(false);
    tab(el, 'Mot de passe').focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(focused(el)).to.equal(last.id);
    await waitUntil(() => inView(el, last), 'the selected tab was not scrolled into view');
    // A click on a partly hidden tab brings it into view too.
    await sendKeys({ press: 'Home' });
    await waitUntil(() => inView(el, tabs(el)[0]!), 'Home did not scroll back');
    const third = tabs(el)[2]!;
    third.click();
    await el.updateComplete;
    await waitUntil(() => inView(el, third), 'the clicked tab was not scrolled into view');
  });

  it('in a right-to-left page too', async () => {
    const el = await mount(html`<auth-login lang="fr" dir="rtl" style="width: 260px"></auth-login>`);
    await waitUntil(() => tabs(el)[0]?.textContent!.trim() === 'Mot de passe');
    await el.updateComplete;
    for (const t of tabs(el)) expect(lines(t), t.textContent!.trim()).to.equal(1);
    expect(inView(el, tabs(el)[0]!)).to.equal(true);
    const last = tabs(el).at(-1)!;
    last.click();
    await el.updateComplete;
    await waitUntil(() => inView(el, last), 'the selected tab was not scrolled into view (rtl)');
  });
});
