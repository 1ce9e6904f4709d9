// dist/auth-login.js copied WITHOUT dist/chunks/: the phone field is a plain tel input (no country
// selector) and the number goes as typed, which the BFF reads (`+33 6 …` works). Runs the BUILT
// bundle (/no-chunks/, chunks 404); like locale-fallback.test.ts, it must not import the element's source.
import { expect, waitUntil } from '@open-wc/testing';
import { phoneTabOfBundle, sendsAsTyped } from './test-support/bundle-phone.js';

describe('dist/auth-login.js without its chunks: the phone field', () => {
  it('has no country selector, and sends the number as typed (the BFF reads +33 6 12 34 56 78)', async () => {
    const el = await phoneTabOfBundle('/no-chunks/auth-login.js');
    await new Promise((r) => setTimeout(r, 500));
    expect(el.shadowRoot!.querySelector('select')).to.equal(null);
    const { sent, shown } = await sendsAsTyped(el, '+33 6 12 34 56 01');
    expect(sent).to.equal('+33 6 12 34 56 01');
    expect(shown).to.equal('+33 6 12 34 56 01');
    // The code field came: the BFF accepted the number (202).
    await waitUntil(() => el.shadowRoot!.querySelector('input[name=code]'));
  });
});
