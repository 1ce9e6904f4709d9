import { html, nothing, type TemplateResult } from 'lit';
import { Method } from './method.js';

/**
 * OTP tab: user ID (+ domain when /config says the connector takes one) + the one-time password
 * → POST /otp. When the connector delivers codes (email/SMS OTP, /config gives
 * `resendAfterSeconds`), a `Send code` button under the identifier asks POST /otp/code first.
 */
export class OtpMethod extends Method {
  readonly id = 'otp' as const;

  fieldFor(code: string): string | undefined {
    if (code === 'invalid_code' || code === 'code_expired') return 'otp';
    return code === 'invalid_request' ? 'username' : undefined;
  }

  render(): TemplateResult {
    const t = this.t;
    const config = this.config;
    const domain = config?.domain; // GET /config: the OTP connector's default domain (DIGIPASS)
    const sends = config?.resendAfterSeconds !== undefined;
    return html`<form part="form" @submit=${this.submit}>
      ${this.errorBox()} ${this.statusBox()} ${this.identifierField(config?.identifiers ?? ['userId'])}
      ${
        domain
          ? this.field({
              name: 'domain',
              label: t.domain,
              autocomplete: 'off',
              dir: 'ltr',
              value: domain,
            })
          : nothing
      }
      ${sends ? this.sendButton(false, this.send) : nothing}
      ${this.field({ name: 'otp', label: t.otp, autocomplete: 'one-time-code', inputmode: 'numeric', dir: 'ltr', maxlength: config?.codeLength ?? 12 })}
      ${this.submitButton()}
    </form>`;
  }

  /** Email/SMS OTP: ask the BFF to deliver a code (POST /otp/code), then go to the code field. */
  private send = async (e: Event): Promise<void> => {
    const button = e.currentTarget as HTMLButtonElement;
    if (this.host.pending || button.getAttribute('aria-disabled') === 'true') return;
    const input = button.form!.elements.namedItem('username') as HTMLInputElement;
    if (!input.reportValidity()) return; // required, and an email address when it must be one
    const identifier = this.values(button.form!)['username']!; // trimmed; E.164 when it is a phone
    if (await this.host.sendCode(this.id, '/otp/code', { identifier }, identifier))
      this.host.focusField(this.id, 'otp');
  };

  private submit = (e: SubmitEvent): void => {
    if (this.blocked(e)) return;
    const v = this.values(e.target as HTMLFormElement);
    const body: Record<string, string> = { identifier: v['username'] ?? '', otp: v['otp'] ?? '' };
    if (v['domain']) body['domain'] = v['domain'];
    this.host.signIn(this.id, '/otp', body);
  };
}
