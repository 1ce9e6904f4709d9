import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { AuthLogin } from './auth-login.js';
import { focused, mount, resetSession, root, tab, tabs } from './test-support/helpers.js';

// The four tab labels stay on one line at the default width (--auth-login-max-width, 25rem) in
// every shipped locale; narrower, the tab list wraps onto a second row: no tab is ever cut or hidden.

const LABELS = {
  en: ['Password', 'Phone code', 'OTP', 'Token'],
  fr: ['Mot de passe', 'Code par SMS', 'OTP', 'Jeton'],
  'zh-CN': ['密码', '短信验证码', '动态口令', '令牌'],
  de: ['Passwort', 'SMS-Code', 'OTP', 'Token'],
  es: ['Contraseña', 'Código SMS', 'OTP', 'Token'],
  ja: ['パスワード', 'SMS 認証', 'ワンタイム', 'トークン'],
  'pt-BR': ['Senha', 'Código SMS', 'OTP', 'Token'],
  ar: ['كلمة المرور', 'رمز SMS', 'رمز لمرة واحدة', 'رمز الجهاز'],
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

async function mountIn(lang: keyof typeof LABELS, style = '', dir = 'ltr'): Promise<AuthLogin> {
  const el = await mount(html`<auth-login lang=${lang} dir=${dir} style=${style}></auth-login>`);
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
    it(`fits the four labels on one line, all visible, at ${label}: every shipped locale`, async () => {
      await setViewport({ width, height: 800 });
      for (const lang of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
        const el = await mountIn(lang, width === 390 ? 'width: 358px' : '');
        expect(el.getBoundingClientRect().width).to.equal(width === 390 ? 358 : 400);
        expect(tabs(el).map((t) => t.textContent.trim())).to.deep.equal([...LABELS[lang]]);
        for (const t of tabs(el)) {
          expect(lines(t), `${lang} "${t.textContent.trim()}" lines`).to.equal(1);
          expect(inView(el, t), `${lang} "${t.textContent.trim()}" visible`).to.equal(true);
        }
        expect(list(el).scrollWidth, `${lang} tab list overflows`).to.be.at.most(list(el).clientWidth);
      }
    });
  }

  // WCAG 1.4.10: at 320 CSS px (a phone, or 1280px at 400% zoom) nothing may be cut or hidden.
  for (const dir of ['ltr', 'rtl'] as const) {
    it(`at 320px (400% zoom) wraps the tabs onto more rows, each whole, visible and touchable: every shipped locale, ${dir}`, async () => {
      await setViewport({ width: 320, height: 800 });
      for (const lang of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
        const el = await mountIn(lang, '', dir);
        const bar = list(el);
        expect(bar.scrollWidth, `${lang}: the tab list overflows`).to.be.at.most(bar.clientWidth);
        expect(el.getBoundingClientRect().right, `${lang}: the card is wider than the viewport`).to.be.at.most(320);
        for (const t of tabs(el)) {
          const name = `${lang} "${t.textContent.trim()}"`;
          expect(lines(t), `${name} lines`).to.equal(1);
          expect(inView(el, t), `${name} visible`).to.equal(true);
          expect(t.scrollWidth, `${name} clipped`).to.be.at.most(t.clientWidth);
          const box = t.getBoundingClientRect();
          expect(box.height, `${name} height`).to.be.at.least(24);
          // What a finger at the tab's centre hits is the tab (nothing covers it).
          const hit = root(el).elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          expect(hit === t, `${name} is not what a touch at its centre hits`).to.equal(true);
        }
        const rows = new Set(tabs(el).map((t) => Math.round(t.getBoundingClientRect().top))).size;
        expect(rows, `${lang} rows`).to.be.within(1, 2);
        // Selecting works the same on a wrapped list: the last tab, touched.
        tabs(el).at(-1)!.click();
        await el.updateComplete;
        expect(tabs(el).at(-1)!.getAttribute('aria-selected')).to.equal('true');
        el.remove(); // the next locale's card takes its place in the viewport
      }
    });
  }

  it('keeps arrow-key navigation across the rows', async () => {
    await setViewport({ width: 320, height: 800 });
    const el = await mountIn('fr');
    tab(el, 'Mot de passe').focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(focused(el)).to.equal(tabs(el).at(-1)!.id);
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(focused(el)).to.equal(tabs(el)[0]!.id);
  });
});
