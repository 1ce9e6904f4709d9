import { html, type TemplateResult } from 'lit';
import { Method } from './method.js';

/** Token tab: a pasted token (e.g. a BroadWorks loginToken or an id_token) → POST /token. */
export class TokenMethod extends Method {
  readonly id = 'token' as const;

  fieldFor(code: string): string | undefined {
    return code === 'invalid_token' || code === 'invalid_request' ? 'token' : undefined;
  }

  render(): TemplateResult {
    return html`<form part="form" @submit=${this.submit}>
      ${this.errorBox()} ${this.statusBox()}
      ${this.field({ name: 'token', label: this.t.token, autocomplete: 'off', dir: 'ltr' })} ${this.submitButton()}
    </form>`;
  }

  private submit = (e: SubmitEvent): void => {
    if (this.blocked(e)) return;
    this.host.signIn(this.id, '/token', { token: this.values(e.target as HTMLFormElement)['token'] ?? '' });
  };
}
