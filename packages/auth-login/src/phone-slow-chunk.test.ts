// The phone fields' chunk on a slow network (/slow-chunks/: dist/ with chunks/phone-*.js held back
// 2 s): until it arrives the field is a plain tel input that works; when it arrives the selector
// appears beside it without touching what was typed. Runs the BUILT bundle: must not import the element's source.
import { expect, waitUntil } from '@open-wc/testing';
import { phoneTabOfBundle, sendsAsTyped } from './test-support/bundle-phone.js';

describe('dist/auth-login.js while the phone chunk loads', () => {
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
