import type {
  css as litCss,
  html as litHtml,
  nothing as litNothing,
  ReactiveControllerHost,
  TemplateResult,
} from 'lit';
import type { BffError, MfaMethod } from '../internal/bff-client.js';
import type { Countdown } from '../internal/countdown.js';
import type { MethodId } from '../internal/types.js';
import type { Method, MethodHost } from '../methods/method.js';

/**
 * What the step is built from, handed over by the element: this chunk imports nothing at run time,
 * so the bundler cannot move Lit or the element's base classes out of the main file into a chunk
 * that the main file would then have to fetch before its first render.
 */
export interface StepParts {
  html: typeof litHtml;
  css: typeof litCss;
  nothing: typeof litNothing;
  Method: typeof Method;
  Countdown: typeof Countdown;
}

/** The second step as the element sees it. */
export interface MfaStep extends Method {
  /** The resend countdown of `Send code` (the element counts through it while the step shows). */
  readonly timer: Countdown;
  /** True when the BFF has no second step pending (400/401 with another code): back to the first step. */
  ends(error: BffError): boolean;
  /** The step is over (signed in, or back to the first step). */
  leave(): void;
}

let sheet: CSSStyleSheet | undefined;

/**
 * The second step of a sign-in, shown in the same card after `401 mfa_required` with
 * `mfa.methods` (a chunk of its own: the main bundle only has the hook). The method choice (a
 * radio group when there are several), the code (`one-time-code`), `Send code` for sms/email with
 * the BFF's resend countdown, `Verify` (POST {endpoint}/mfa) and `Back` to the first step. Its
 * error and status lines are the first step's (`id`), its DOM ids `mfa-*`.
 */
export function mfaStep(
  { html, css, nothing, Method, Countdown }: StepParts,
  host: MethodHost,
  el: ReactiveControllerHost & HTMLElement,
  /** The first step's method: `auth-success` and `auth-error` name it. */
  id: MethodId,
  options: MfaMethod[],
  back: () => void,
): MfaStep {
  // The step's own rules, added to the element's shadow root when the step first shows (a
  // constructed style sheet, as Lit's own: no inline style, so a strict CSP allows it).
  sheet ??= css`
    .choice {
      display: grid;
      gap: 0.375rem;
      margin: 0;
      padding: 0;
      border: 0;
    }
    .choice legend {
      padding: 0;
      margin-bottom: 0.375rem;
      font-weight: 550;
    }
    .choice label {
      display: flex;
      align-items: center;
      gap: 0.625rem;
      min-height: var(--_h);
      padding: 0 0.875rem;
      border: 1px solid var(--_border);
      border-radius: var(--_control-radius);
      cursor: pointer;
    }
    .choice label:has(:checked) {
      border-color: var(--_primary);
      background: var(--_surface);
    }
    .choice input {
      flex: none;
      width: 1.125rem;
      height: 1.125rem;
      min-height: 0;
      margin: 0;
      padding: 0;
      accent-color: var(--_primary);
    }
  `.styleSheet;
  class Step extends Method implements MfaStep {
    /** The resend countdown of `Send code` (the element's host counts through `timer`). */
    readonly timer: Countdown;
    private chosen: MfaMethod;

    readonly id = id;
    private readonly back = back;

    constructor() {
      super(host);
      this.chosen = options[0]!;
      this.timer = new Countdown(el, () => host.say(id, this.t.canResend));
      const root = el.shadowRoot;
      if (root && sheet && !root.adoptedStyleSheets.includes(sheet))
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }

    override fieldId(name: string): string {
      return `mfa-${name}`;
    }

    fieldFor(code: string): string | undefined {
      return code === 'invalid_code' || code === 'code_expired' || code === 'invalid_request' ? 'code' : undefined;
    }

    /** True when the BFF has no second step pending (400/401 with another code): back to the first step. */
    ends(error: BffError): boolean {
      return (error.status === 400 || error.status === 401) && !this.fieldFor(error.code);
    }

    /** The step is over (signed in, or back to the first step). */
    leave(): void {
      this.timer.hostDisconnected();
      el.removeController(this.timer);
    }

    render(): TemplateResult {
      const t = this.t;
      const chosen = this.chosen;
      return html`<form part="form step" class="step" @submit=${this.submit}>
        ${this.errorBox()} ${this.statusBox()}
        ${
          options.length > 1
            ? html`<fieldset part="choice" class="choice">
                <legend>${t.mfaChoose}</legend>
                ${options.map(
                  (m) =>
                    html`<label
                      ><input
                        type="radio"
                        name="method"
                        value=${m.type}
                        .checked=${m === chosen}
                        @change=${() => this.choose(m)}
                      />${t.mfaMethod[m.type] ?? m.type}</label
                    >`,
                )}
              </fieldset>`
            : nothing
        }
        <p part="hint" class="hint" id="mfa-hint">${t.mfaHint(chosen.type, `\u2066${chosen.target ?? ''}\u2069`)}</p>
        ${this.field({
          name: 'code',
          label: t.code,
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          dir: 'ltr',
          maxlength: 12,
        })}
        ${this.submitButton(t.verify)} ${chosen.type === 'totp' ? nothing : this.sendButton(false, this.send)}
        <button part="button back" class="secondary" type="button" @click=${this.back}>${t.back}</button>
      </form>`;
    }

    private choose(m: MfaMethod): void {
      this.chosen = m;
      this.host.clear(this.id);
      this.host.requestUpdate();
    }

    private submit = (e: SubmitEvent): void => {
      if (this.blocked(e)) return;
      const code = this.values(e.target as HTMLFormElement)['code'] ?? '';
      this.host.signIn(this.id, '/mfa', { method: this.chosen.type, code });
    };

    private send = async (e: Event): Promise<void> => {
      if (this.host.pending || (e.currentTarget as HTMLElement).getAttribute('aria-disabled') === 'true') return;
      const m = this.chosen;
      if (await this.host.sendCode(this.id, '/mfa/code', { method: m.type }, m.target ?? ''))
        this.host.focusField(this.id, 'code');
    };
  }
  return new Step();
}
