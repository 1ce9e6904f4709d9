import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { styles } from './auth-login.styles.js';
import { AuthErrorEvent } from './events/auth-error.js';
import { AuthLogoutEvent } from './events/auth-logout.js';
import { AuthReadyEvent } from './events/auth-ready.js';
import { AuthSuccessEvent } from './events/auth-success.js';
import { BffClient, BffError, type MfaMethod, type Notice } from './internal/bff-client.js';
import { Countdown } from './internal/countdown.js';
import {
  en,
  formatDuration,
  loadLater,
  loadMessages,
  resolveLocale,
  type Locale,
  type Messages,
} from './internal/i18n.js';
import { SessionWatch } from './internal/session-watch.js';
import { SubmitState } from './internal/submit-state.js';
import { tabIndexForKey } from './internal/tab-keys.js';
import { renderSignedIn } from './views/signed-in.js';
import { isMethodId, type AuthUser, type BffConfig, type MethodId, type Session } from './internal/types.js';
import { Method, type MethodHost, type ShownError } from './methods/method.js';
import type { MfaStep, StepParts } from './views/mfa-step.js';
import type { PhoneKit } from './internal/phone.js';
import { OtpMethod } from './methods/otp.js';
import { PasswordMethod } from './methods/password.js';
import { PhoneCodeMethod } from './methods/phone-code.js';
import { TokenMethod } from './methods/token.js';

const parseMethods = (value: string | null): MethodId[] | undefined => {
  if (!value) return undefined;
  const names = value.split(/[\s,]+/).filter(Boolean);
  const unknown = names.filter((n) => !isMethodId(n));
  if (unknown.length)
    console.warn(`<auth-login>: unknown methods ignored: ${unknown.join(', ')} (known: password phone otp token)`);
  return names.filter(isMethodId);
};

/**
 * An embeddable sign-in form that talks to the auth-login BFF (docs/architecture.md "The widget").
 *
 * @summary Password, phone code, OTP and token sign-in; the BFF keeps every secret.
 *
 * @attr endpoint - Where the BFF's API is mounted. Default `/auth`.
 * @attr methods - Space-separated subset and order of `password phone otp token`. Default: what `GET /config` lists.
 * @attr lang - `en`, `fr`, `zh-CN`, `de`, `es`, `ja`, `pt-BR`, `ar` (any region: `de-AT`, `pt`, `zh-TW`). Default: the nearest `lang` up the page, then English.
 * @attr theme - `light` or `dark` to force one; default follows `prefers-color-scheme`.
 *
 * @fires {AuthReadyEvent} auth-ready - Once, when the first `GET /session` has answered; `detail: {user}` (null when signed out). See also the `ready` promise.
 * @fires {AuthSuccessEvent} auth-success - Signed in (after the second step, when the BFF asks for one); `detail: {user, method, notices}`.
 * @fires {AuthErrorEvent} auth-error - A request failed; `detail: {code, method}`. On load, `{code: 'network_error'}` when the BFF cannot be reached.
 * @fires {AuthLogoutEvent} auth-logout - Back to the form; `detail: {reason}`: `signout` (Sign out), or `expired` (the BFF's session had ended, found by Sign out or on returning to the page).
 *
 * @csspart card - The outer box.
 * @csspart title - The heading.
 * @csspart tabs - The tab list (absent with a single method).
 * @csspart tab - Each tab; the selected one also has `tab-selected`.
 * @csspart tab-selected - The selected tab.
 * @csspart panel - Each tab panel.
 * @csspart form - Each method's `<form>`.
 * @csspart field - A label + input pair.
 * @csspart label - An input's label.
 * @csspart input - Every text input.
 * @csspart select - The country selector beside a phone number.
 * @csspart toggle - The show-password button.
 * @csspart captcha - The captcha block; `captcha-image` is its image.
 * @csspart captcha-image - The captcha image.
 * @csspart captcha-new - The captcha's `New image` button.
 * @csspart captcha-back - The captcha's `Back` button (the plain form again).
 * @csspart button - Every button (also `submit`, `send`, `toggle`, `signout`).
 * @csspart submit - The primary button of a form.
 * @csspart send - The `Send code` button.
 * @csspart countdown - "You can send a new code in …".
 * @csspart hint - Informational text under a field.
 * @csspart error - The error message.
 * @csspart status - The loading / no-method message, and each panel's status line (`role=status`).
 * @csspart user - The signed-in block; `user-name` and `user-id` inside it.
 * @csspart user-name - The signed-in user's name.
 * @csspart user-id - The signed-in user's identifier.
 * @csspart signout - The `Sign out` button.
 * @csspart notice - A notice of the BFF after sign-in ("Your password expires in 3 days.").
 * @csspart step - The second step of a sign-in (`Verify it's you`): its form; `choice` is its method choice.
 * @csspart choice - The second step's method choice (a radio group).
 * @csspart back - The second step's `Back` button.
 *
 * @cssprop --auth-login-color-primary - Primary button and accents.
 * @cssprop --auth-login-color-on-primary - Text on the primary colour.
 * @cssprop --auth-login-color-background - Card background.
 * @cssprop --auth-login-color-surface - Input and tab-bar background.
 * @cssprop --auth-login-color-text - Main text.
 * @cssprop --auth-login-color-muted - Secondary text.
 * @cssprop --auth-login-color-border - Borders.
 * @cssprop --auth-login-color-error - Error text and invalid borders.
 * @cssprop --auth-login-color-error-background - Error message background.
 * @cssprop --auth-login-color-focus - Focus ring.
 * @cssprop --auth-login-font - Font family (default: the system UI font).
 * @cssprop --auth-login-font-size - Base font size (default `1rem`).
 * @cssprop --auth-login-radius - Corner radius of the card (inputs and buttons use 2/3 of it).
 * @cssprop --auth-login-spacing - Base spacing unit (default `1rem`).
 * @cssprop --auth-login-control-height - Height of inputs, buttons and tabs (default `2.75rem`, 44px).
 * @cssprop --auth-login-max-width - Maximum width of the card (default `25rem`).
 * @cssprop --auth-login-shadow - Card shadow.
 */
export class AuthLogin extends LitElement {
  static override styles = styles;

  static override properties = {
    endpoint: { type: String, reflect: true },
    methods: {
      noAccessor: true,
      converter: { fromAttribute: parseMethods, toAttribute: (v: MethodId[]) => v.join(' ') },
    },
    lang: { type: String, reflect: true },
    theme: { type: String, reflect: true },
    _session: { state: true },
    _config: { state: true },
    _active: { state: true },
    _error: { state: true },
    _status: { state: true },
    _loadError: { state: true },
    _t: { state: true },
    _mfa: { state: true },
  };

  /** Where the BFF's API is mounted (`GET {endpoint}/config`, `POST {endpoint}/password`, ...). */
  endpoint = '/auth';
  private _methods: MethodId[] | undefined;
  /**
   * The methods to offer, in order; default: every method `GET /config` lists. Also accepts the
   * attribute's space-separated string (React 19 sets custom-element props as properties).
   */
  get methods(): MethodId[] | undefined {
    return this._methods;
  }
  set methods(value: MethodId[] | string | undefined) {
    const old = this._methods;
    this._methods = typeof value === 'string' ? parseMethods(value) : value?.filter(isMethodId);
    this.requestUpdate('methods', old);
  }
  /** Force `light` or `dark`; unset follows the OS. */
  theme: 'light' | 'dark' | undefined;

  private _session: Session | undefined;
  private _config: BffConfig | undefined;
  private _active: MethodId | undefined;
  private _error: ShownError | undefined;
  /** The status line of one panel (pending, code sent, resend possible). */
  private _status: { method: MethodId; text: string } | undefined;
  private _busy: 'signin' | 'send' | undefined;
  /** The page asked for a language the widget does not ship: English, written left to right. */
  private _foreign = false;
  /** GET /config or GET /session could not reach the BFF on load. */
  private _loadError: BffError | undefined;
  private _t: Messages = en;
  private _locale: Locale = 'en';
  private _wantLocale: Locale = 'en';
  private _client = new BffClient(this.endpoint);
  private _submit = new SubmitState(this);
  private _countdowns = {} as Record<MethodId, Countdown>;
  private _focusNext: (() => HTMLElement | null | undefined) | undefined;
  private _langObserver: MutationObserver | undefined;
  /** The second step of a sign-in (`401 mfa_required` with `mfa.methods`), a lazily loaded view. */
  private _mfa: MfaStep | undefined;
  private _notices: Notice[] = [];
  /** The language tag the widget follows (its `lang`, else the page's), as written. */
  private _tag = '';
  /** The phone fields' country selector (./internal/phone.ts), once its chunk has loaded. */
  private _tel: PhoneKit | undefined;
  private _telLoad: Promise<void> | undefined;

  /** The signed-in user, or null (also while the session is being read). */
  get user(): AuthUser | null {
    return this._session?.authenticated ? this._session.user : null;
  }

  private _settleReady!: (user: AuthUser | null) => void;
  private _failReady!: (error: BffError) => void;
  private _readySettled = false;
  /**
   * Settles once, when the first `GET /session` has answered (as `auth-ready` fires): with the
   * signed-in user of a restored session, or null. Rejects (`BffError`, code `network_error`) when
   * the BFF cannot be reached on load.
   */
  readonly ready: Promise<AuthUser | null> = new Promise((resolve, reject) => {
    this._settleReady = resolve;
    this._failReady = reject;
  });

  /**
   * What the tab views may use (methods/method.ts): kept off the element's public API.
   * @internal
   */
  private _host: MethodHost = ((el: AuthLogin): MethodHost => ({
    get t() {
      return el._t;
    },
    get locale() {
      return el._locale;
    },
    get pending() {
      return el._submit.pending;
    },
    get busy() {
      return el._submit.pending ? el._busy : undefined;
    },
    get endpoint() {
      return el.endpoint;
    },
    get updateComplete() {
      return el.updateComplete;
    },
    config: (id) => el._config?.methods.find((m) => m.id === id),
    error: (id) => (el._error?.method === id ? el._error : undefined),
    status: (id) => (el._status?.method === id ? el._status.text : ''),
    clear: (id) => {
      if (el._error?.method === id) el._error = undefined;
      el._say(id, '');
    },
    countdown: (id) => el._timer(id).remaining,
    say: (id, text) => el._say(id, text),
    focusField: (id, name) => el._focusField(id, name),
    signIn: (id, path, body) => el._signIn(id, path, body),
    sendCode: (id, path, body, to) => el._sendCode(id, path, body, to),
    requestUpdate: () => el.requestUpdate(),
    get root() {
      return el.shadowRoot;
    },
    get phone() {
      return el._config?.phone;
    },
    get tag() {
      return el._tag;
    },
    tel: (id) => {
      // The country selector's chunk, asked for once, by the first phone field rendered.
      el._telLoad ??= import('./internal/phone.js').then(
        (m) => ((el._tel = m.phoneKit({ html, css, nothing }, el._host)), el.requestUpdate()),
        () => {}, // not served: plain tel inputs, numbers sent as typed
      );
      return el._tel?.render(id) ?? nothing;
    },
    e164: (typed) => el._tel?.e164(typed) ?? typed.trim(),
  }))(this);
  constructor() {
    super();
    // The end of a resend countdown is said once, in the panel's status line (not every second).
    for (const id of ['password', 'phone', 'otp', 'token'] as const)
      this._countdowns[id] = new Countdown(this, () => {
        if (id === 'phone' || this._host.config(id)?.resendAfterSeconds !== undefined) this._say(id, this._t.canResend);
      });
    this.ready.catch(() => {}); // a page that never awaits `ready` must not see an unhandled rejection
    // Back on the page while signed in: has the BFF's session ended meanwhile? The controller
    // registers itself with the element (addController), like SubmitState.
    new SessionWatch(this, {
      signedIn: () => !!this._session?.authenticated && !this._submit.pending,
      ended: async () => {
        const client = this._client;
        const session = await client.session().catch(() => undefined); // offline: nothing changes
        return session?.authenticated === false && client === this._client;
      },
      onEnded: () => this._loggedOut('expired'),
    });
  }

  private _views: Record<MethodId, Method> = {
    password: new PasswordMethod(this._host),
    phone: new PhoneCodeMethod(this._host),
    otp: new OtpMethod(this._host),
    token: new TokenMethod(this._host),
  };

  private _focusField(id: MethodId, name: string): void {
    const view = this._mfa ?? this._views[id];
    this._focusNext = () => this.renderRoot.querySelector<HTMLInputElement>(`#${view.fieldId(name)}`);
    this.requestUpdate();
  }

  /** The resend countdown of a method's `Send code`, or the second step's. */
  private _timer(id: MethodId): Countdown {
    return this._mfa?.timer ?? this._countdowns[id];
  }

  private _say(method: MethodId, text: string): void {
    this._status = { method, text };
  }

  /** Marks which button is busy and says so in the panel's status line. */
  private _pending(method: MethodId, busy: 'signin' | 'send'): void {
    if (this._submit.pending) return;
    this._busy = busy;
    this._say(method, busy === 'send' ? this._t.sendingCode : this._t.signingIn);
    void loadLater(); // an error or the second step may follow: their English strings are a chunk
  }

  /**
   * One request (SubmitState). Its success is handled once the later strings are there too ("Code
   * sent to …", notices; English: a chunk, loading since `_pending`); a failure at once (`_fail`).
   */
  private _run<T>(task: (signal: AbortSignal) => Promise<T>) {
    return this._submit.run((signal) => Promise.all([task(signal), loadLater()]).then(([value]) => value));
  }

  private _signIn(method: MethodId, path: string, body: object): void {
    this._pending(method, 'signin');
    void this._run((signal) => this._client.signIn(path, body, signal)).then((result) => {
      if (!result) return;
      if (!result.ok) return this._fail(method, result.error);
      const { user, notices = [] } = result.value;
      this._leaveMfa();
      this._error = this._loadError = this._status = undefined;
      this._session = { authenticated: true, user, method };
      this._notices = notices;
      this._views[method].reset();
      this._focusNext = () => this.renderRoot.querySelector<HTMLElement>('#who');
      this.dispatchEvent(new AuthSuccessEvent({ user, method, notices }));
    });
  }

  private async _sendCode(method: MethodId, path: string, body: object, to: string): Promise<boolean> {
    this._pending(method, 'send');
    const result = await this._run((signal) => this._client.sendCode(path, body, signal));
    if (!result) return false;
    if (!result.ok) {
      this._fail(method, result.error);
      return false;
    }
    this._error = undefined;
    // Isolated left to right: a phone number or address keeps its order in an RTL sentence.
    this._say(method, this._t.codeSent?.(`\u2066${to}\u2069`) ?? '');
    const seconds =
      result.value?.resendAfterSeconds ?? (this._mfa ? undefined : this._host.config(method)?.resendAfterSeconds);
    if (seconds) this._timer(method).start(seconds);
    return true;
  }

  /**
   * Ends the session (POST /logout) and shows the sign-in form again. It asks GET /session first:
   * a session that already ended on the BFF (timeout) has nothing to end: `auth-logout` says `expired`.
   */
  async signOut(): Promise<void> {
    void loadLater();
    const result = await this._submit.run(async (signal) => {
      if (!(await this._client.session(signal)).authenticated) return 'expired' as const;
      await this._client.logout();
      return 'signout' as const;
    });
    if (!result) return;
    if (!result.ok && result.error.status !== 401) {
      const error = result.error;
      return this._show({ method: this._active ?? 'password', code: error.code, text: '' }, () => this._message(error));
    }
    this._loggedOut(result.ok ? result.value : 'signout');
  }

  private _loggedOut(reason: 'signout' | 'expired'): void {
    this._session = { authenticated: false };
    this._error = this._status = undefined;
    this._focusFirst();
    this.dispatchEvent(new AuthLogoutEvent({ reason }));
  }

  /** Focus the selected tab (or the form's first input) after the next render. */
  private _focusFirst(): void {
    this._focusNext = () =>
      this.renderRoot.querySelector<HTMLElement>('[role=tab][aria-selected=true]') ??
      this.renderRoot.querySelector<HTMLElement>('.panel:not([hidden]) input');
  }

  // --- lifecycle ----------------------------------------------------------------------------
  override connectedCallback(): void {
    super.connectedCallback();
    // The page's language may change after load (an app's language switcher): follow it.
    this._langObserver = new MutationObserver(() => this.requestUpdate());
    this._langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._langObserver?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint')) void this._load();
    const tag =
      this.lang || this.parentElement?.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    this._tag = tag;
    const want = resolveLocale(tag);
    this._foreign = !!tag && (this._locale === 'en') !== /^en\b/i.test(tag);
    if (want !== this._wantLocale) {
      this._wantLocale = want;
      void loadMessages(want).then((messages) => {
        if (this._wantLocale !== want) return; // a newer choice won
        this._locale = messages === en ? 'en' : want; // English when the locale's chunk did not load
        this._t = messages;
      });
    }
    const ids = this._methodIds();
    if (!this._active || !ids.includes(this._active)) this._active = ids[0];
  }

  protected override updated(): void {
    const target = this._focusNext?.();
    if (target) {
      this._focusNext = undefined;
      target.focus();
      if (target instanceof HTMLInputElement) target.select();
    }
  }

  private async _load(): Promise<void> {
    this._client = new BffClient(this.endpoint);
    this._session = undefined;
    const client = this._client;
    const [config, session] = await Promise.allSettled([client.config(), client.session()]);
    if (client !== this._client) return; // the endpoint changed meanwhile
    this._config = config.status === 'fulfilled' ? config.value : undefined;
    this._session = session.status === 'fulfilled' ? session.value : { authenticated: false };
    const unreachable = [config, session].some(
      (r) => r.status === 'rejected' && r.reason instanceof BffError && r.reason.code === 'network_error',
    );
    this._loadError = unreachable ? new BffError('network_error', 0) : undefined;
    if (unreachable) {
      void loadLater().then(() => this.requestUpdate());
      this.dispatchEvent(new AuthErrorEvent({ code: 'network_error' }));
    }
    if (this._readySettled) return;
    if (session.status === 'rejected' && session.reason instanceof BffError && session.reason.code === 'network_error')
      return void this._failReady(session.reason);
    this._readySettled = true;
    this._settleReady(this.user);
    this.dispatchEvent(new AuthReadyEvent({ user: this.user }));
  }

  private _methodIds(): MethodId[] {
    const offered = this._config?.methods.map((m) => m.id).filter(isMethodId);
    if (!this.methods) return offered ?? [];
    return offered ? this.methods.filter((id) => offered.includes(id)) : this.methods;
  }

  /**
   * The error's text in the current language; '' while the English errors are still loading (a
   * chunk, ./internal/locales/en-later.ts), the BFF's own message when they could not load.
   */
  private _message(error: BffError): string {
    const t = this._t;
    const errors = t.errors;
    if (!errors) return '';
    if (error.code === 'rate_limited' && error.retryAfter && t.retryIn)
      return t.retryIn(formatDuration(error.retryAfter, this._locale));
    return (
      errors[error.code] ??
      (error.status >= 500 ? errors['upstream_error'] : errors['unknown']) ??
      error.body?.error?.message ??
      error.code
    );
  }

  /**
   * Shows an error at once (marked field, focus, `auth-error` are synchronous); its text follows
   * as soon as the English errors are there, which they almost always are: their chunk started
   * loading with the request.
   */
  private _show(shown: ShownError, text: () => string): void {
    this._error = this._t.errors ? { ...shown, text: text() } : shown;
    if (this._error === shown)
      void loadLater().then(() => {
        if (this._error === shown) this._error = { ...shown, text: text() };
      });
  }

  private _fail(method: MethodId, error: BffError): void {
    const step = this._mfa;
    const methods = error.body?.mfa?.methods;
    if (methods?.length && !step) return this._startMfa(method, error, methods);
    // The BFF no longer has a second step pending (expired, finished elsewhere): the first step again.
    const restart = step?.ends(error);
    if (restart) this._leaveMfa(true);
    const field = (this._mfa ?? this._views[method]).fieldFor(error.code);
    if (error.code === 'rate_limited' && error.retryAfter) this._timer(method).start(error.retryAfter);
    this._say(method, '');
    this._show({ method, code: error.code, text: '', field }, () => {
      if (restart) return this._t.mfaRestart;
      let text = this._message(error);
      const others = this._methodIds().filter((id) => id !== method);
      // A captcha the user cannot solve must not be a dead end: name the other ways in.
      if (error.code === 'captcha_required' && others.length && this._t.orUse)
        text += ` ${this._t.orUse(
          new Intl.ListFormat(this._locale, { type: 'disjunction' }).format(others.map((id) => this._t.tab[id])),
        )}`;
      return text;
    });
    if (field) this._focusField(method, field);
    this.dispatchEvent(new AuthErrorEvent({ code: error.code, method }));
  }

  /**
   * `401 mfa_required` with `mfa.methods`: the second step, in this card, from its chunk. Where
   * that chunk cannot load, the `mfa_required` message as without `mfa`.
   */
  private _startMfa(method: MethodId, error: BffError, methods: MfaMethod[]): void {
    Promise.all([import('./views/mfa-step.js'), loadLater()])
      .then(([{ mfaStep }, ok]) => {
        if (!ok) throw error;
        if (this._active !== method || this._session?.authenticated) return; // the user moved on
        const parts: StepParts = { html, css, nothing, Method, Countdown };
        this._mfa = mfaStep(parts, this._host, this, method, methods, () => this._leaveMfa(true));
        this._error = this._status = undefined;
        this._focusNext = () => this.renderRoot.querySelector<HTMLElement>('#title');
      })
      .catch(() =>
        this._fail(method, new BffError(error.code, error.status, undefined, { error: error.body!.error! })),
      );
  }

  /** Back to the first step (`Back`, or the BFF has no second step pending), or done. */
  private _leaveMfa(back?: boolean): void {
    if (!this._mfa) return;
    this._mfa.leave();
    this._mfa = undefined;
    if (!back) return;
    this._submit.abort();
    this._error = this._status = undefined;
    this._focusFirst();
  }

  private _select(id: MethodId, focus: boolean): void {
    if (id === this._active) return;
    // A request still running for the old tab is abandoned: its answer must not land on this one.
    this._submit.abort();
    if (this._active) this._views[this._active].reset();
    this._active = id;
    this._error = this._status = undefined;
    if (focus) this._focusNext = () => this.renderRoot.querySelector<HTMLElement>(`#tab-${id}`);
  }

  private _onTabKey(e: KeyboardEvent, ids: MethodId[]): void {
    const next = tabIndexForKey(
      e.key,
      ids.indexOf(this._active!),
      ids.length,
      getComputedStyle(e.currentTarget as Element).direction === 'rtl', // the card's, not the page's
    );
    if (next === undefined) return;
    e.preventDefault();
    this._select(ids[next]!, true);
  }

  // --- rendering ----------------------------------------------------------------------------
  protected override render(): TemplateResult {
    const t = this._t;
    const session = this._session;
    const title = session?.authenticated ? t.signedInAs : this._mfa ? t.verifyTitle : t.title;
    return html`<section
      part="card"
      class="card"
      lang=${this._locale}
      dir=${this._foreign ? 'ltr' : this._locale == 'ar' ? 'rtl' : nothing}
      aria-labelledby="title"
      aria-busy=${session ? 'false' : 'true'}
    >
      <h2 part="title" id="title" tabindex="-1">${title}</h2>
      <div class="live" aria-live="assertive" aria-atomic="true">
        ${this._loadError && t.errors ? html`<p part="error" class="error">${this._message(this._loadError)}</p>` : nothing}
      </div>
      ${
        !session
          ? html`<p part="status" class="hint">${t.loading}</p>`
          : session.authenticated
            ? renderSignedIn({
                user: session.user,
                t,
                error: this._error?.text,
                notices: this._notices,
                locale: this._locale,
                pending: this._submit.pending,
                onSignOut: () => void this.signOut(),
              })
            : // The first step stays (hidden) under the second: Back finds it as it was left.
              html`<div ?hidden=${!!this._mfa}>${this._renderMethods()}</div>
                ${this._mfa?.render() ?? nothing}`
      }
    </section>`;
  }

  private _renderMethods(): TemplateResult {
    const ids = this._methodIds();
    if (!ids.length) return html`<p part="status" class="hint">${this._t.unavailable}</p>`;
    const tabs = ids.length > 1;
    return html`${
      tabs
        ? html`<div
            part="tabs"
            class="tabs"
            role="tablist"
            aria-label=${this._t.methods}
            @keydown=${(e: KeyboardEvent) => this._onTabKey(e, ids)}
          >
            ${ids.map((id) => {
              const selected = id === this._active;
              return html`<button
                part=${selected ? 'tab tab-selected' : 'tab'}
                role="tab"
                type="button"
                id=${`tab-${id}`}
                aria-controls=${`panel-${id}`}
                aria-selected=${selected ? 'true' : 'false'}
                tabindex=${selected ? 0 : -1}
                @click=${() => this._select(id, false)}
              >
                ${this._t.tab[id]}
              </button>`;
            })}
          </div>`
        : nothing
    }
    ${ids.map(
      (id) =>
        html`<div
          part="panel"
          class="panel"
          id=${`panel-${id}`}
          role=${tabs ? 'tabpanel' : nothing}
          aria-labelledby=${tabs ? `tab-${id}` : nothing}
          ?hidden=${id !== this._active}
        >
          ${this._views[id].render()}
        </div>`,
    )}`;
  }
}

// Guarded so the script-tag build and a bundled copy can coexist on one page.
if (!customElements.get('auth-login')) customElements.define('auth-login', AuthLogin);

declare global {
  interface HTMLElementTagNameMap {
    'auth-login': AuthLogin;
  }
}
