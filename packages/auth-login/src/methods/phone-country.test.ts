// The phone fields' country selector (../internal/phone.ts, a chunk of its own) and what the
// widget sends: E.164, read with the country shown, while the field keeps what was typed. Against
// the REAL BFF: /auth (stub SMS connector) and /fr (the authing connector over HTTP to an Authing
// simulator with a French account; its password tab takes a phone number only).
import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AuthLogin } from '../auth-login.js';
import { toE164 } from '../internal/phone.js';
import { button, field, mount, panel, resetSession, root, signedIn, tab } from '../test-support/helpers.js';

/** The outbox of the /fr deployment's Authing simulator (test-support/bff-server.mjs FR_OUTBOX). */
const FR_OUTBOX = '/sim/fr/outbox';

/** The visible panel's country selector, once its chunk has arrived. */
async function selector(el: AuthLogin): Promise<HTMLSelectElement> {
  await waitUntil(() => panel(el).querySelector('select'), 'no country selector appeared', { timeout: 5000 });
  return panel(el).querySelector('select')!;
}

/** Mounts the element and waits for its language's strings (a chunk of their own). */
async function mountIn(template: ReturnType<typeof html>, lang: string): Promise<AuthLogin> {
  const el = await mount(template);
  await waitUntil(() => root(el).querySelector('section')?.lang === lang, `${lang} never shown`, { timeout: 5000 });
  await el.updateComplete;
  return el;
}
const tel = (el: AuthLogin) => panel(el).querySelector<HTMLInputElement>('input[type=tel]')!;
/** An option's text without the bidi isolates around its calling code. */
const text = (o: HTMLOptionElement) => o.textContent.replace(/[\u2066-\u2069]/g, '');

/** Picks a country as a user does: the select's value changes, then `change`. */
function pick(select: HTMLSelectElement, region: string): void {
  select.value = region;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The JSON bodies the element POSTs (window.fetch wrapped) while `run` runs. */
async function posted(run: (bodies: Record<string, string>[]) => Promise<void>): Promise<void> {
  const bodies: Record<string, string>[] = [];
  const original = fetch;
  window.fetch = (input, init) => {
    if (init?.method === 'POST' && typeof init.body === 'string')
      bodies.push(JSON.parse(init.body) as Record<string, string>);
    return original(input, init);
  };
  try {
    await run(bodies);
  } finally {
    window.fetch = original;
  }
}

/** Types into the focused field with real key presses (as a user, or a paste, would fill it). */
async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  input.focus();
  input.select();
  await sendKeys({ type: value });
}

let n = 10;

describe('Phone numbers → E.164 (the shared table)', () => {
  it('gives the e164 of every row of packages/bff/test/fixtures/phone-numbers.json, as the BFF does', async () => {
    const res = await fetch('/phone-numbers.json');
    expect(res.ok, 'GET /phone-numbers.json').to.equal(true);
    const { numbers } = (await res.json()) as { numbers: { country: string; typed: string; e164: string }[] };
    expect(numbers.length).to.be.greaterThan(20);
    const wrong = numbers
      .map((row) => ({ ...row, got: toE164(row.typed, row.country) }))
      .filter((row) => row.got !== row.e164);
    expect(wrong).to.deep.equal([]);
  });

  it('leaves what is not a national phone number to the BFF: no country, letters', () => {
    expect(toE164(' 06 12 34 56 78 ')).to.equal('06 12 34 56 78');
    expect(toE164('0033 6 12 34 56 78')).to.equal('+33612345678');
    expect(toE164('alice', 'FR')).to.equal('alice');
    expect(toE164('+33 6 12 34 56 78', 'US')).to.equal('+33612345678');
  });
});

describe('Country selector', () => {
  beforeEach(resetSession);

  it('sits beside the tel input with a visible label, defaults to the language region, lists "🇫🇷 France (+33)" sorted by name', async () => {
    const el = await mountIn(html`<auth-login lang="fr"></auth-login>`, 'fr');
    tab(el, 'Code par SMS').click();
    const select = await selector(el);
    await el.updateComplete;
    expect(field(el, 'Pays')).to.equal(select);
    expect(select.value).to.equal('FR');
    const options = [...select.options];
    expect(options.length).to.be.greaterThan(230);
    expect(text(select.selectedOptions[0]!)).to.equal('🇫🇷 France (+33)');
    expect(options.map(text)).to.include('🇩🇪 Allemagne (+49)');
    const names = options.map((o) => text(o).slice(5)); // after the flag (two astral symbols) and a space
    expect(names).to.deep.equal([...names].sort(new Intl.Collator('fr').compare));
    // The number keeps what autofill and password managers look for, and is written left to right.
    const input = field(el, 'Numéro de téléphone');
    expect(input).to.equal(tel(el));
    expect(input.getAttribute('autocomplete')).to.equal('tel');
    expect(input.dir).to.equal('ltr');
    await expect(el).to.be.accessible();
  });

  it('finds a country by the first letters of its name from the keyboard (the flag comes first in the text)', async () => {
    const el = await mountIn(html`<auth-login lang="fr" methods="phone"></auth-login>`, 'fr');
    const select = await selector(el);
    select.focus();
    await sendKeys({ type: 'alle' });
    expect(select.value).to.equal('DE'); // Allemagne
    await new Promise((r) => setTimeout(r, 1100)); // a pause starts a new search
    await sendKeys({ type: 'eg' });
    expect(select.value).to.equal('EG'); // Égypte: accents ignored
    await el.updateComplete;
    expect(select.value).to.equal('EG'); // and it stays the one picked after a render
  });

  it('takes the region of the language tag: en-GB → GB, bare en → US, zh-CN → CN', async () => {
    for (const [lang, region] of [
      ['en-GB', 'GB'],
      ['en', 'US'],
      ['zh-CN', 'CN'],
    ]) {
      const el = await mount(html`<auth-login lang=${lang} methods="phone"></auth-login>`);
      expect((await selector(el)).value, lang).to.equal(region);
      el.remove();
    }
  });

  it('sends E.164 and keeps what was typed; a +… number ignores the country', async () => {
    const el = await mountIn(html`<auth-login lang="fr" methods="phone"></auth-login>`, 'fr');
    const select = await selector(el);
    const typed = `06 12 34 56 ${n++}`;
    await posted(async (bodies) => {
      await typeInto(tel(el), typed);
      button(el, 'Envoyer le code').click();
      await waitUntil(() => panel(el).querySelector('input[name=code]'), 'the code field never appeared');
      expect(bodies).to.deep.equal([{ phone: `+336123456${typed.slice(-2)}` }]);
      expect(tel(el).value).to.equal(typed);
    });
    // Another country, then a full international number (as autofill fills `tel`): the + wins.
    pick(select, 'BE');
    await el.updateComplete;
    expect(select.value).to.equal('BE');
    const other = await mountIn(html`<auth-login lang="fr" methods="phone"></auth-login>`, 'fr');
    pick(await selector(other), 'BE');
    await posted(async (bodies) => {
      await typeInto(tel(other), `+1 (202) 555-01${n++}`);
      button(other, 'Envoyer le code').click();
      await waitUntil(() => panel(other).querySelector('input[name=code]'), 'the code field never appeared');
      expect(bodies[0]!['phone']).to.match(/^\+120255501\d\d$/);
    });
  });

  it('in Arabic (right to left): the selector comes first on the right, the number stays left to right; both wrap in a narrow card', async () => {
    const el = await mountIn(html`<auth-login lang="ar" methods="phone" style="max-width: 30rem"></auth-login>`, 'ar');
    const select = await selector(el);
    await el.updateComplete;
    expect(getComputedStyle(select).direction).to.equal('rtl');
    expect(tel(el).dir).to.equal('ltr');
    expect(select.value).to.equal('EG'); // ar → its likely region
    const s = select.getBoundingClientRect();
    const t = tel(el).getBoundingClientRect();
    expect(Math.abs(s.top - t.top), 'side by side').to.be.lessThan(2);
    expect(s.left, 'the selector on the right').to.be.greaterThan(t.left);
    el.style.maxWidth = '16rem';
    await new Promise((r) => requestAnimationFrame(r));
    expect(select.getBoundingClientRect().bottom, 'wrapped: the number under the selector').to.be.at.most(
      tel(el).getBoundingClientRect().top,
    );
    await expect(el).to.be.accessible();
  });
});

describe('A French site (/fr: Authing simulator)', () => {
  it("GET /config's phone: its defaultCountry wins over the language, its countries are the list", async () => {
    const el = await mountIn(html`<auth-login endpoint="/fr" lang="fr"></auth-login>`, 'fr');
    tab(el, 'Code par SMS').click();
    const select = await selector(el);
    await el.updateComplete;
    expect(select.value).to.equal('BE'); // test-support/bff-server.mjs FR_PHONE
    expect([...select.options].map(text)).to.deep.equal(['🇧🇪 Belgique (+32)', '🇫🇷 France (+33)', '🇨🇭 Suisse (+41)']);
  });

  it('a French user (the site defaults to Belgium) picks France, pastes 06 12 34 56 78, gets the SMS at +33612345678 and signs in', async () => {
    const el = await mountIn(html`<auth-login endpoint="/fr" lang="fr"></auth-login>`, 'fr');
    tab(el, 'Code par SMS').click();
    const select = await selector(el);
    pick(select, 'FR');
    await el.updateComplete;
    const before = ((await (await fetch(FR_OUTBOX)).json()) as unknown[]).length;
    await posted(async (bodies) => {
      await typeInto(tel(el), '06 12 34 56 78');
      button(el, 'Envoyer le code').click();
      await waitUntil(() => panel(el).querySelector('input[name=code]'), 'the code field never appeared', {
        timeout: 5000,
      });
      // What reached the BFF, and what reached the upstream (the simulator's outbox).
      expect(bodies).to.deep.equal([{ phone: '+33612345678' }]);
      const sms = ((await (await fetch(FR_OUTBOX)).json()) as { to: string; code: string }[]).slice(before);
      expect(sms.map((m) => m.to)).to.deep.equal(['+33612345678']);
      expect(tel(el).value).to.equal('06 12 34 56 78');
      await el.updateComplete;
      await typeInto(field(el, 'Code de vérification'), sms[0]!.code);
      button(el, 'Se connecter').click();
      expect(await signedIn(el)).to.equal('Camille');
      expect(bodies[1]).to.deep.equal({ phone: '+33612345678', code: sms[0]!.code });
    });
    root(el).querySelector<HTMLButtonElement>('[part~=signout]')!.click();
    await waitUntil(() => !root(el).querySelector('[part=user-name]'), 'never signed out');
  });

  it('the password tab whose identifier is a phone only: the selector too, username autocomplete kept', async () => {
    const el = await mountIn(html`<auth-login endpoint="/fr" lang="fr"></auth-login>`, 'fr');
    tab(el, 'Mot de passe').click();
    await el.updateComplete;
    const select = await selector(el);
    const input = field(el, 'Numéro de téléphone');
    expect(input.type).to.equal('tel');
    expect(input.getAttribute('autocomplete')).to.equal('username');
    pick(select, 'FR');
    await posted(async (bodies) => {
      await typeInto(input, '(06) 12.34.56.78');
      await typeInto(field(el, 'Mot de passe'), 'tel-password1');
      button(el, 'Se connecter').click();
      expect(await signedIn(el)).to.equal('Camille');
      expect(bodies).to.deep.equal([{ identifier: '+33612345678', password: 'tel-password1' }]);
    });
    root(el).querySelector<HTMLButtonElement>('[part~=signout]')!.click();
    await waitUntil(() => !root(el).querySelector('[part=user-name]'), 'never signed out');
  });
});
