import { html, nothing, type TemplateResult } from 'lit';
import type { PhoneConfig } from '../internal/phone.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { formatDuration, type Locale, type Messages } from '../internal/i18n.js';
import type { MethodConfig, MethodId } from '../internal/types.js';

/** The fields that name someone (trimmed); every other field is a secret, sent as typed. */
const TRIMMED = new Set(['username', 'phone', 'domain']);

/** An error shown in a method's panel: its code, localised text, and the field it concerns. */
export interface ShownError {
  method: MethodId;
  code: string;
  text: string;
  field?: string | undefined;
}

/** What a method's view needs from `<auth-login>` (the element implements it). */
export interface MethodHost {
  readonly t: Messages;
  readonly locale: Locale;
  readonly pending: boolean;
  /** Which kind of request is pending: its button shows the busy style. */
  readonly busy: 'signin' | 'send' | undefined;
  readonly endpoint: string;
  config(id: MethodId): MethodConfig | undefined;
  error(id: MethodId): ShownError | undefined;
  /** The panel's status text ("Signing in…", "Code sent to …"); '' when none. */
  status(id: MethodId): string;
  countdown(id: MethodId): number;
  /** POST a sign-in; on success the element shows who is signed in. */
  signIn(id: MethodId, path: string, body: object): void;
  /** POST a code request; resolves true when the BFF accepted it (202). */
  sendCode(id: MethodId, path: string, body: object, to: string): Promise<boolean>;
  /** Focus (and select) an input of this method's form after the next render. */
  focusField(id: MethodId, name: string): void;
  requestUpdate(): void;
  /** Drop this method's error and status. */
  clear(id: MethodId): void;
  /** Set this method's status line. */
  say(id: MethodId, text: string): void;
  readonly updateComplete: Promise<boolean>;
  /** The element's shadow root: a chunk's view adds its style sheet there. */
  readonly root: ShadowRoot | null;
  /** `GET /config`'s `phone` settings (default country, countries offered). */
  readonly phone: PhoneConfig | undefined;
  /** The widget's language tag as given (`fr-CA`): its region is the default country. */
  readonly tag: string;
  /** The country selector beside method `id`'s phone input, once its chunk is there (../internal/phone.ts). */
  tel(id: MethodId): TemplateResult | typeof nothing;
  /** A typed phone number as sent: E.164 with the country selected (as typed while there is no selector). */
  e164(typed: string): string;
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: string;
  autocomplete: string;
  inputmode?: string;
  maxlength?: number;
  /**
   * `ltr` for digits, codes, tokens, domains: written left to right even in an RTL page (a phone
   * number reversed is wrong); the label keeps the page's direction.
   */
  dir?: 'ltr';
  value?: string;
  required?: boolean;
  /** Extra control inside the input's frame (the show-password toggle). */
  after?: TemplateResult;
}

/**
 * One sign-in method (tab): its form, what it sends, and which field an error concerns.
 * Forms are real `<form>` elements with standard `name`/`autocomplete` tokens, so browsers and
 * password managers recognise them even inside the shadow root (docs/anchors.md §3.1, docs/development.md
 * "Checking what Chromium's autofill sees").
 */
export abstract class Method {
  abstract readonly id: MethodId;
  constructor(protected readonly host: MethodHost) {}

  abstract render(): TemplateResult;

  /** The input an error code concerns (marked invalid and focused), if any. */
  abstract fieldFor(code: string): string | undefined;

  /** Called when the tab is left or the user signs out: drop in-flight work and transient state. */
  reset(): void {}

  protected get t(): Messages {
    return this.host.t;
  }

  protected get config(): MethodConfig | undefined {
    return this.host.config(this.id);
  }

  /**
   * The form's fields. Identifiers are trimmed (a stray space from a paste); passwords, codes and
   * tokens are sent exactly as typed: a space may be part of a password.
   */
  protected values(form: HTMLFormElement): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = TRIMMED.has(k) ? v.trim() : v;
    // A phone number goes as E.164, read with the country selected; the field keeps what was typed.
    const tel = form.querySelector<HTMLInputElement>('[type=tel]');
    if (tel) out[tel.name] = this.host.e164(tel.value);
    return out;
  }

  /** The DOM id of this view's input (or error, status, countdown slot) `name`. */
  fieldId(name: string): string {
    return `${this.id}-${name}`;
  }

  protected field(o: FieldOptions): TemplateResult {
    const id = this.fieldId(o.name);
    const error = this.host.error(this.id);
    const invalid = error?.field === o.name;
    const field = html`<div part="field" class="field">
      <label part="label" for=${id}>${o.label}</label>
      <div class="control">
        <input
          part="input"
          id=${id}
          name=${o.name}
          type=${o.type ?? 'text'}
          autocomplete=${o.autocomplete}
          inputmode=${ifDefined(o.inputmode)}
          maxlength=${ifDefined(o.maxlength)}
          dir=${ifDefined(o.dir)}
          .value=${o.value ?? ''}
          ?required=${o.required ?? true}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${ifDefined(invalid ? this.fieldId('error') : undefined)}
          autocapitalize="off"
          spellcheck="false"
        />${o.after ?? nothing}
      </div>
    </div>`;
    // A phone number: the country selector beside it (from its chunk; until then, or without it, a plain tel input).
    return o.type == 'tel' ? html`<div class="tel">${this.host.tel(this.id)}${field}</div>` : field;
  }

  /**
   * The identifier field: labelled from `/config` identifiers; keyboard hints when it is only an
   * email or only a phone. Always `name=username autocomplete=username`, the pair password managers
   * key on (docs/anchors.md §3.1, okta-signin-widget PR #2952).
   */
  protected identifierField(kinds: string[]): TemplateResult {
    const only = kinds.length === 1 ? kinds[0] : undefined;
    return this.field({
      name: 'username',
      label: this.t.identifier(kinds),
      autocomplete: 'username',
      ...(only === 'email'
        ? { type: 'email', inputmode: 'email', dir: 'ltr' }
        : only === 'phone'
          ? { type: 'tel', inputmode: 'tel', dir: 'ltr' }
          : {}),
    });
  }

  /** The error slot: always in the DOM so screen readers announce what appears in it. */
  protected errorBox(): TemplateResult {
    const error = this.host.error(this.id);
    // No whitespace inside, so that `:empty` holds while there is no error: the slot then stays in
    // the accessibility tree (what appears in it is announced) but takes no room (styles).
    // prettier-ignore
    return html`<div class="live" id=${this.fieldId('error')} aria-live="assertive" aria-atomic="true">${error?.text ? html`<p part="error" class="error">${error.text}</p>` : nothing}</div>`;
  }

  /**
   * The status slot: in the DOM, empty, from the first render, so that what is written into it later
   * (pending, "Code sent to …", "You can request a new code") is announced (role=status is polite).
   */
  protected statusBox(): TemplateResult {
    // Text by property: no whitespace around it, so `.status:empty` holds while there is none.
    return html`<div
      part="status"
      class="status hint"
      role="status"
      id=${this.fieldId('status')}
      .textContent=${this.host.status(this.id)}
    ></div>`;
  }

  protected submitButton(label = this.t.signIn): TemplateResult {
    const pending = this.host.pending;
    const busy = this.host.busy === 'signin';
    return html`<button
      part="button submit"
      class=${busy ? 'primary busy' : 'primary'}
      type="submit"
      aria-disabled=${pending ? 'true' : 'false'}
      aria-busy=${busy ? 'true' : 'false'}
    >
      ${label}
    </button>`;
  }

  /**
   * `Send code`, held back while the BFF's resend countdown runs. A plain button (`onClick`) when
   * it comes before the form's `Sign in`, so that Enter in the form still signs in.
   */
  protected sendButton(primary: boolean, onClick?: (e: Event) => void): TemplateResult {
    const wait = this.host.countdown(this.id);
    const off = this.host.pending || wait > 0;
    const busy = this.host.busy === 'send';
    return html`<button
        part=${primary ? 'button submit send' : 'button send'}
        class=${(primary ? 'primary' : 'secondary') + (busy ? ' busy' : '')}
        type=${onClick ? 'button' : 'submit'}
        name="send"
        value="1"
        ?formnovalidate=${!primary}
        @click=${onClick}
        aria-disabled=${off ? 'true' : 'false'}
        aria-busy=${busy ? 'true' : 'false'}
        aria-describedby=${ifDefined(wait ? this.fieldId('countdown') : undefined)}
      >
        ${this.t.sendCode}
      </button>
      ${
        wait && this.t.resendIn
          ? html`<p part="countdown" class="hint" id=${this.fieldId('countdown')}>
              ${this.t.resendIn(formatDuration(wait, this.host.locale))}
            </p>`
          : nothing
      }`;
  }

  /** True when a submit should be ignored: a request is in flight or the button is held back. */
  protected blocked(e: SubmitEvent): boolean {
    e.preventDefault();
    const button = e.submitter as HTMLButtonElement | null;
    return this.host.pending || button?.getAttribute('aria-disabled') === 'true';
  }
}
