// Every language has its own text for every message of en.ts and for every error code the BFF can
// answer (read from packages/bff/openapi.yaml, served by web-test-runner.config.mjs), and what
// the server writes in `error.message` never reaches the screen, in any language.
import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { en, LOCALES, loadLater, loadMessages, type Locale, type Messages } from './internal/i18n.js';
import { errorShown, mount, panel, resetSession, tabs, type } from './test-support/helpers.js';

/** Texts that are rightly the same as in English: the word those languages' own UIs use. */
const SAME_AS_ENGLISH: Record<string, readonly Locale[]> = {
  'tab.otp': ['fr', 'de', 'es', 'pt-BR'], // the abbreviation, as banks and authenticator apps write it
  'tab.token': ['de', 'es', 'pt-BR'], // "Token" is the German, Spanish and Brazilian word
  token: ['de', 'es', 'pt-BR'],
};

/** Texts rightly in Latin letters in a non-Latin-script language: the word its own UIs use. */
const LATIN_WORD: Record<string, readonly Locale[]> = {
  'mfaMethod.sms': ['ja'], // "SMS", as Japanese phones and sign-in pages write it
};

/** Codes the widget has no sentence of its own for: it shows the generic message for their status. */
const GENERIC: Record<string, 'unknown' | 'upstream_error'> = {
  unsupported_media_type: 'unknown', // 415, 413, 404, 405: the page or the widget is wrong, not the user
  payload_too_large: 'unknown',
  not_found: 'unknown',
  method_not_allowed: 'unknown',
  internal_error: 'upstream_error', // 500
};
/** Errors the browser produces itself (no answer from the server, or an unreadable one). */
const CLIENT_SIDE = ['network_error', 'unknown'];

/** Text in the language's own script (Latin-script languages are checked against English instead). */
const SCRIPT: Partial<Record<Locale, RegExp>> = {
  ar: /[\u0600-\u06ff]/,
  ja: /[\u3040-\u30ff\u4e00-\u9fff]/,
  'zh-CN': /[\u4e00-\u9fff]/,
};

/** Each function message is called with these arguments; each argument must appear in the text. */
const CALLS: Record<string, unknown[][]> = {
  identifier: [[['username', 'email']], [['userId']], [['phone']], [[]]],
  orUse: [['Tab A, Tab B']],
  codeSent: [['+1 555-0107']],
  resendIn: [['27 s']],
  retryIn: [['15 min']],
  // The method type is a switch, not shown: only the masked destination must appear.
  mfaHint: [
    ['totp', ''],
    ['sms', '+86 138****0001'],
  ],
  passwordExpires: [['in 3 days']],
};

/** Every text of a message table, by key path (`errors.invalid_code`, `identifier(["userId"])`). */
function texts(m: Messages): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix + key;
      if (typeof value === 'string') out.set(path, value);
      else if (typeof value === 'function') {
        const calls = CALLS[key];
        if (!calls) throw new Error(`no sample arguments for the message function ${path}`);
        for (const args of calls)
          out.set(`${path}(${JSON.stringify(args)})`, (value as (...a: unknown[]) => string)(...args));
      } else walk(value as Record<string, unknown>, `${path}.`);
    }
  };
  walk(m, '');
  return out;
}

async function openapiErrorCodes(): Promise<string[]> {
  const res = await fetch('/bff-openapi.yaml');
  expect(res.ok, 'GET /bff-openapi.yaml').to.equal(true);
  const yaml = await res.text();
  // components.schemas.Error.properties.error.properties.code.enum (a flow sequence over lines).
  const enumText = /\n {4}Error:\n[\s\S]*?\n {12}code:\n {14}enum:\s*\[([^\]]*)\]/.exec(yaml)?.[1];
  if (!enumText) throw new Error('openapi.yaml: no Error.error.code enum found');
  return enumText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

describe('translations', () => {
  // English comes in two parts: the first render's strings, and those loaded when a request starts.
  let english: Map<string, string>;
  before(async () => {
    await loadLater();
    english = texts(en);
  });

  it('the English table is the reference: every text non-empty, every argument used', () => {
    for (const [path, text] of english) expect(text.trim(), path).to.not.equal('');
    expect(en.identifier(['username', 'email'])).to.equal('Username or email');
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}: its own text for every message of en.ts`, async () => {
      const m = await loadMessages(locale);
      expect(m, `${locale} did not load`).to.not.equal(en);
      const own = texts(m);
      expect([...own.keys()].sort(), locale).to.deep.equal([...english.keys()].sort());
      for (const [path, text] of own) {
        const where = `${locale} ${path}`;
        expect(text.trim(), where).to.not.equal('');
        expect(text, `${where}: unfilled placeholder`).to.not.match(/\$\{|undefined|\[object/);
        const key = path.replace(/\(.*$/, '');
        const args = /\((.*)\)$/.exec(path)?.[1];
        if (args && key !== 'identifier')
          for (const arg of (JSON.parse(args) as string[]).slice(key === 'mfaHint' ? 1 : 0))
            expect(text, `${where} leaves out its argument`).to.include(arg);
        const same = text === english.get(path);
        const allowed = SAME_AS_ENGLISH[key]?.includes(locale) ?? false;
        expect(
          same,
          `${where}: "${text}" is ${same ? 'still English' : 'translated, so drop it from SAME_AS_ENGLISH'}`,
        ).to.equal(allowed);
        if (SCRIPT[locale] && !allowed && !LATIN_WORD[key]?.includes(locale))
          expect(text, `${where}: not in the language's script`).to.match(SCRIPT[locale]);
      }
    });
  }

  it('every error code in packages/bff/openapi.yaml has a text in every language', async () => {
    const codes = await openapiErrorCodes();
    expect(codes).to.include.members(['invalid_credentials', 'rate_limited', 'upstream_timeout', 'internal_error']);
    const own = Object.keys(en.errors);
    // Each code the BFF lists has its own sentence or a stated generic one; the table holds no
    // code the BFF no longer sends (only the two the browser makes up itself).
    for (const code of codes)
      expect(own.includes(code) !== code in GENERIC, `${code}: own sentence xor generic`).to.equal(true);
    expect(
      Object.keys(GENERIC).filter((c) => !codes.includes(c)),
      'GENERIC lists codes the BFF lacks',
    ).to.deep.equal([]);
    expect(own.filter((c) => !codes.includes(c)).sort()).to.deep.equal(CLIENT_SIDE);
    for (const locale of LOCALES) {
      const m = await loadMessages(locale);
      const textOf = (t: Messages, code: string) => t.errors[code] ?? t.errors[GENERIC[code]!];
      for (const code of [...codes, ...CLIENT_SIDE]) {
        const text = textOf(m, code);
        expect(text, `${locale} ${code}`).to.be.a('string').and.not.equal('');
        if (locale !== 'en') expect(text, `${locale} ${code}`).to.not.equal(textOf(en, code));
      }
    }
  });
});

describe("the server's own words never reach the screen", () => {
  beforeEach(resetSession);

  /** Signs in with a token against /odd/<status>, which answers an unknown code and an upstream's text. */
  async function unknownCode(locale: Locale, status: number): Promise<string> {
    const el = await mount(html`<auth-login lang=${locale} methods="token" endpoint=${`/odd/${status}`}></auth-login>`);
    const m = await loadMessages(locale);
    const input = panel(el).querySelector('input')!;
    type(input, 'some-token');
    panel(el).querySelector('form')!.requestSubmit();
    const shown = await errorShown(el);
    expect(el.shadowRoot!.querySelector('.card')!.getAttribute('lang'), locale).to.equal(locale);
    expect(shown, locale).to.not.match(/LDAP|52e|10\.0\.0\.7|directory_quota/);
    expect(el.shadowRoot!.textContent, locale).to.not.match(/LDAP|52e|10\.0\.0\.7|directory_quota/);
    expect(m.errors['directory_quota_exceeded'], 'the code is unknown').to.equal(undefined);
    return shown;
  }

  for (const locale of LOCALES) {
    it(`${locale}: an unknown code shows the language's generic message (4xx and 5xx)`, async () => {
      const m = await loadMessages(locale);
      expect(await unknownCode(locale, 409)).to.equal(m.errors['unknown']);
      expect(await unknownCode(locale, 502)).to.equal(m.errors['upstream_error']);
    });
  }
});

describe('Arabic is laid out right to left', () => {
  beforeEach(resetSession);

  /** The left edge of the `i`th character of a text node. */
  function left(node: Text, i: number): number {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getBoundingClientRect().left;
  }

  it('on a page without dir; a phone number keeps its + in front and the full stop ends the line', async () => {
    const el = await mount(html`<auth-login lang="ar"></auth-login>`);
    const card = el.shadowRoot!.querySelector<HTMLElement>('.card')!;
    await waitUntil(() => card.getAttribute('lang') === 'ar', 'Arabic never loaded');
    await el.updateComplete;
    expect(card.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(card).direction).to.equal('rtl');
    expect(getComputedStyle(el).direction, 'the page itself is left to right').to.equal('ltr');
    // The first tab is the rightmost, and ArrowLeft moves to the next one (the card's direction).
    const [first, second] = tabs(el);
    expect(first!.getBoundingClientRect().left).to.be.greaterThan(second!.getBoundingClientRect().left);
    first!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(tabs(el)[1]);

    const phone = '+15550109';
    type(panel(el).querySelector('input')!, phone);
    panel(el).querySelector<HTMLButtonElement>('button.primary')!.click();
    const status = () => panel(el).querySelector('[part=status]');
    await waitUntil(() => status()?.textContent!.includes('15550109'), 'no code-sent line', { timeout: 5000 });
    const line = status()!;
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let node: Text | undefined;
    while (walker.nextNode())
      if ((walker.currentNode as Text).data.includes('15550109')) node = walker.currentNode as Text;
    const text = node!.data;
    expect(text).to.match(/^تم إرسال الرمز إلى /);
    const plus = text.indexOf('+');
    const stop = text.lastIndexOf('.');
    // Visually, left to right: the full stop (end of the RTL sentence), then "+1555…", then the Arabic words.
    expect(left(node!, plus), '+ left of the digits').to.be.lessThan(left(node!, plus + 1));
    expect(left(node!, stop), 'full stop left of the number').to.be.lessThan(left(node!, plus));
    expect(left(node!, plus + phone.length - 1), 'number left of the words').to.be.lessThan(left(node!, 0));
    await expect(el).to.be.accessible();
  });
});
