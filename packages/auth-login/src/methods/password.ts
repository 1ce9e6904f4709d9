import { html, nothing, type TemplateResult } from 'lit';
import { captchaBlock, loadLater } from '../internal/i18n.js';
import { Method } from './method.js';

// Eye / eye-off icons (Feather-style strokes), inline so no extra request and no CSP exception.
const eye = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path d="M1 12s4-8 11-8 11 8 11 8-4 8-11 8-11-8-11-8z" />
  <circle cx="12" cy="12" r="3" />
</svg>`;
const eyeOff = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path
    d="M17.94 17.94A10.07 10.07 0 0 1 12 20c-7 0-11-8-11-8a18.45 18.45 0 0 1 5.06-5.94M9.9 4.24A9.12 9.12 0 0 1 12 4c7 0 11 8 11 8a18.5 18.5 0 0 1-2.16 3.19m-6.72-1.07a3 3 0 1 1-4.24-4.24M1 1l22 22"
  />
</svg>`;

/**
 * Password tab: identifier + password (+ captcha after `captcha_required`) → POST /password.
 * `name=username autocomplete=username` and `name=password autocomplete=current-password` are
 * the pair password managers look for (okta-signin-widget PR #2952 moved to `username` for this).
 */
export class PasswordMethod extends Method {
  readonly id = 'password' as const;
  private visible = false;
  /** Non-zero while the BFF wants a captcha; changes to fetch a fresh image. */
  private captcha = 0;

  override reset(): void {
    this.visible = false;
    this.captcha = 0;
  }

  fieldFor(code: string): string | undefined {
    if (code === 'captcha_required') {
      this.captcha = Date.now();
      // The block is in the later strings' chunk, which a failed request does not wait for.
      void loadLater().then(() => this.host.requestUpdate());
      return 'captcha';
    }
    if (code === 'invalid_credentials') {
      if (this.captcha) this.captcha = Date.now(); // the BFF issues a new challenge after a failure
      return 'password';
    }
    return code === 'invalid_request' ? 'username' : undefined;
  }

  render(): TemplateResult {
    const t = this.t;
    const toggle = html`<button
      part="button toggle"
      class="toggle"
      type="button"
      aria-label=${t.showPassword}
      aria-pressed=${this.visible ? 'true' : 'false'}
      aria-controls=${this.fieldId('password')}
      @click=${this.toggle}
    >
      ${this.visible ? eyeOff : eye}
    </button>`;
    return html`<form part="form" @submit=${this.submit}>
      ${this.errorBox()} ${this.statusBox()} ${this.identifierField(this.config?.identifiers ?? [])}
      ${this.field({
        name: 'password',
        label: t.password,
        type: this.visible ? 'text' : 'password',
        autocomplete: 'current-password',
        after: toggle,
      })}
      ${this.captcha && captchaBlock ? captchaBlock(html, this) : nothing} ${this.submitButton()}
    </form>`;
  }

  private toggle = (): void => {
    this.visible = !this.visible;
    this.host.requestUpdate();
  };

  private submit = (e: SubmitEvent): void => {
    if (this.blocked(e)) return;
    const v = this.values(e.target as HTMLFormElement);
    const body: Record<string, string> = { identifier: v['username'] ?? '', password: v['password'] ?? '' };
    if (this.captcha) body['captcha'] = v['captcha'] ?? '';
    this.host.signIn(this.id, '/password', body);
  };
}
