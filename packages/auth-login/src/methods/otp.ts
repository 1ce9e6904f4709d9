import { html, nothing, type TemplateResult } from 'lit';
import { Method } from './method.js';

/**
 * OTP tab: user ID (+ domain when /config says the connector takes one) + the one-time password
 * → POST /otp. When the connector delivers codes (email/SMS OTP, /config gives
 * `resendAfterSeconds`), a `Send code` button asks POST /otp/code first.
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
    const domain = config?.domain;
    const sends = config?.resendAfterSeconds !== undefined;
    return html`<form part="form" @submit=${this.submit}>
      ${this.errorBox()}
      ${this.field({ name: 'username', label: t.identifier(config?.identifiers ?? ['userId']), autocomplete: 'username' })}
      ${domain
        ? this.field({
            name: 'domain',
            label: t.domain,
            autocomplete: 'off',
            value: typeof domain === 'string' ? domain : '',
          })
        : nothing}
      ${this.field({ name: 'otp', label: t.otp, autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: config?.codeLength ?? 12 })}
      ${this.submitButton()} ${sends ? this.sendButton(false) : nothing}
    </form>`;
  }

  private submit = async (e: SubmitEvent): Promise<void> => {
    if (this.blocked(e)) return;
    const v = this.values(e.target as HTMLFormElement);
    const identifier = v['username'] ?? '';
    if ((e.submitter as HTMLButtonElement | null)?.name === 'send') {
      if (await this.host.sendCode(this.id, '/otp/code', { identifier })) this.host.focusField(this.id, 'otp');
      return;
    }
    const body: Record<string, string> = { identifier, otp: v['otp'] ?? '' };
    if (v['domain']) body['domain'] = v['domain'];
    this.host.signIn(this.id, '/otp', body);
  };
}
