// Chunks on a slow network (/slow-chunks/: dist/ with chunks/phone-*.js held back 2 s, the later
// strings' 3 s). The phone field: until its chunk arrives it is a plain tel input that works; then
// the selector appears beside it without touching what was typed. The captcha block (in the later
// strings' chunk): a French error comes at once, the block as soon as its chunk is there. Runs the BUILT bundle: must not import the element's source.
import { expect, waitUntil } from '@open-wc/testing';
import { phoneTabOfBundle, sendsAsTyped } from './test-support/bundle-phone.js';

describe('dist/auth-login.js while its chunks load', () => {
  // First: the later chunk is fetched once per page, and the phone test's code request fetches it.
  const bundle = '/slow-chunks/auth-login.js';
  before(() => import(/* @vite-ignore */ bundle));

  it('shows the captcha when the later chunk arrives after the French captcha_required message', async () => {
    const el = document.createElement('auth-login');
    el.setAttribute('methods', 'password');
    el.setAttribute('lang', 'fr');
    document.body.append(el);
    const root = () => el.shadowRoot!;
    await waitUntil(() => root().querySelector('section[lang=fr][aria-busy=false] input[name=password]'), 'no form', {
      timeout: 5000,
    });
    const set = (name: string, value: string) => {
      const input = root().querySelector<HTMLInputElement>(`input[name=${name}]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    };
    set('username', `captcha-slow-${Date.now()}`);
    set('password', 'captcha-password1');
    root().querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => root().querySelector('[part=error]'), 'no error', { timeout: 5000 });
    await waitUntil(() => root().querySelector('[part=captcha-image]'), 'the captcha never came', { timeout: 5000 });
    await waitUntil(() => root().activeElement?.id === 'password-captcha', 'the captcha field was not focused');
  });

  it('sends a number typed before the selector came as typed; the selector then appears, the typed text stays', async () => {
    const el = await phoneTabOfBundle('/slow-chunks/auth-login.js');
    expect(el.shadowRoot!.querySelector('select')).to.equal(null);
    const { sent, input } = await sendsAsTyped(el, '+33 6 12 34 56 02');
    expect(sent).to.equal('+33 6 12 34 56 02');
    await waitUntil(() => el.shadowRoot!.querySelector('.panel:not([hidden]) select'), 'the selector never came', {
      timeout: 5000,
    });
    // The same input element, with the same text (the row was there from the first render).
    expect(el.shadowRoot!.querySelector('.panel:not([hidden]) input[type=tel]')).to.equal(input);
    expect(input.value).to.equal('+33 6 12 34 56 02');
  });
});
