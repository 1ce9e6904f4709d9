import { expect, html, waitUntil } from '@open-wc/testing';
import type { AuthLogin } from './auth-login.js';
import { button, field, mount, panel, resetSession, tab, type } from './test-support/helpers.js';

// In a right-to-left page, phone numbers, codes, one-time passwords and tokens are still written
// left to right (digits and Latin tokens): those inputs are dir="ltr"; their labels stay RTL.

const direction = (el: Element): string => getComputedStyle(el).direction;

function expectLtrInput(el: AuthLogin, label: string): void {
  const input = field(el, label);
  expect(input.getAttribute('dir'), label).to.equal('ltr');
  expect(direction(input), label).to.equal('ltr');
  const labelEl = panel(el).querySelector(`label[for="${input.id}"]`)!;
  expect(direction(labelEl), `${label} label`).to.equal('rtl');
}

describe('right-to-left pages: number and token inputs stay left-to-right', () => {
  beforeEach(resetSession);

  it('phone number and verification code, one-time password, token', async () => {
    const el = await mount(html`<auth-login dir="rtl"></auth-login>`);
    expect(direction(el.shadowRoot!.querySelector('.card')!)).to.equal('rtl');
    // The identifier and password are words in the user's script: they follow the page.
    expect(field(el, 'Username or email').getAttribute('dir')).to.equal(null);

    tab(el, 'Phone code').click();
    await el.updateComplete;
    expectLtrInput(el, 'Phone number');
    type(field(el, 'Phone number'), '+15550107');
    button(el, 'Send code').click();
    await waitUntil(() => panel(el).querySelector('[autocomplete=one-time-code]'), 'no code field after Send code');
    await el.updateComplete;
    expectLtrInput(el, 'Verification code');

    tab(el, 'OTP').click();
    await el.updateComplete;
    expectLtrInput(el, 'One-time password');

    tab(el, 'Token').click();
    await el.updateComplete;
    expectLtrInput(el, 'Token');
    await expect(el).to.be.accessible();
  });
});
