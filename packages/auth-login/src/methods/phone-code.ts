import { html, type TemplateResult } from 'lit';
import { Method } from './method.js';

/**
 * Phone-code tab: phone number → `Send code` (POST /phone/code, 202 `{resendAfterSeconds}`),
 * then the code (`autocomplete=one-time-code`, WebOTP where available) → POST /phone.
 * One form for both steps, so Enter does the right thing and autofill sees `tel` + the code.
 */
export class PhoneCodeMethod extends Method {
  readonly id = 'phone' as const;
  private sent = false;
  private webOtp: AbortController | undefined;

  override reset(): void {
    this.sent = false;
    this.webOtp?.abort();
  }

  fieldFor(code: string): string | undefined {
    if (code === 'invalid_code' || code === 'code_expired') return 'code';
    return code === 'invalid_request' ? (this.sent ? 'code' : 'phone') : undefined;
  }

  render(): TemplateResult {
    const t = this.t;
    return html`<form part="form" @submit=${this.submit}>
      ${this.errorBox()} ${this.statusBox()}
      ${this.field({ name: 'phone', label: t.phone, type: 'tel', autocomplete: 'tel', inputmode: 'tel', dir: 'ltr' })}
      ${
        this.sent
          ? html`${this.field({
              name: 'code',
              label: t.code,
              autocomplete: 'one-time-code',
              inputmode: 'numeric',
              dir: 'ltr',
              maxlength: this.config?.codeLength ?? 12,
            })}
            ${this.submitButton()} ${this.sendButton(false)}`
          : this.sendButton(true)
      }
    </form>`;
  }

  private submit = async (e: SubmitEvent): Promise<void> => {
    if (this.blocked(e)) return;
    const form = e.target as HTMLFormElement;
    const v = this.values(form);
    const phone = v['phone'] ?? '';
    if (this.sent && !(e.submitter as HTMLButtonElement | null)?.name) {
      this.host.signIn(this.id, '/phone', { phone, code: v['code'] ?? '' });
      return;
    }
    if (!(await this.host.sendCode(this.id, '/phone/code', { phone }, phone))) return;
    this.sent = true;
    this.host.requestUpdate();
    this.host.focusField(this.id, 'code');
    void this.listenForSms(form);
  };

  private async listenForSms(form: HTMLFormElement): Promise<void> {
    this.webOtp?.abort();
    const controller = (this.webOtp = new AbortController());
    // WebOTP: a chunk of its own (only after a code was sent).
    const code = await import('../internal/web-otp.js').then(
      (m) => m.receiveOtp(controller.signal),
      () => undefined,
    );
    await this.host.updateComplete; // the code field renders after `sent`
    const input = form.elements.namedItem('code') as HTMLInputElement | null;
    if (!code || controller.signal.aborted || !input) return;
    input.value = code;
    form.requestSubmit(form.querySelector<HTMLButtonElement>('button.primary'));
  }
}
