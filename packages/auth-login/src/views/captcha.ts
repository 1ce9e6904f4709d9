import type { html as litHtml, TemplateResult } from 'lit';
import type { PasswordMethod } from '../methods/password.js';

/**
 * The password tab's captcha block (after `captcha_required`): the image, `New image`, `Back` and
 * the answer's field. `New image` asks GET /captcha again (a fresh image for a user who cannot read
 * this one); `Back` leaves the captcha for the plain form (another account, or another tab). Shipped in the chunk of the strings needed after an answer (../internal/locales/en-later.ts),
 * which is always there before a captcha can be asked for; it imports nothing at run time (`html` is
 * handed over), so Lit stays in the main file.
 */
let sheet: CSSStyleSheet | undefined;

export function captchaBlock(html: typeof litHtml, view: PasswordMethod): TemplateResult {
  const t = view['t'];
  const host = view['host'];
  // The block's own rules, added to the element's shadow root (a constructed sheet, as Lit's own:
  // no inline style, so a strict CSP allows it).
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(
      '.captcha{display:grid;gap:.5rem}.captcha img{max-width:100%;height:3.5rem;width:auto;justify-self:start;' +
        'border-radius:var(--_control-radius);border:1px solid color-mix(in srgb,var(--_border) 45%,transparent);background:#fff}',
    );
  }
  const root = host.root;
  if (root && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const again = (n: number) => {
    view['captcha'] = n;
    host.requestUpdate();
  };
  // Same-origin <img>: the session cookie goes with it and `img-src 'self'` suffices under CSP.
  return html`<div part="captcha" class="captcha">
    <img
      part="captcha-image"
      src=${`${host.endpoint.replace(/\/+$/, '')}/captcha?n=${view['captcha']}`}
      alt=${t.captchaImage}
    />
    <div class="row">
      <button part="button captcha-new" class="secondary" type="button" @click=${() => again(Date.now())}>
        ${t.newImage}
      </button>
      <button
        part="button captcha-back"
        class="secondary"
        type="button"
        @click=${() => {
          // Leave the captcha: the plain form again (another account, or another tab).
          again(0);
          host.clear('password');
          host.focusField('password', 'username');
        }}
      >
        ${t.back}
      </button>
    </div>
    ${view['field']({ name: 'captcha', label: t.captcha, autocomplete: 'off' })}
  </div>`;
}
