import { expect, oneEvent } from '@open-wc/testing';
import type { AuthSuccessEvent } from './events/auth-success.js';
import { button, errorShown, field, mount, resetSession, type } from './test-support/helpers.js';

// A password is sent exactly as typed (spaces are characters of it); identifiers may be trimmed.
// The stub's `spaces` account (test-support/README.md) has the password "  spaced password1 ".
describe('what the widget sends', () => {
  beforeEach(resetSession);
  afterEach(resetSession);

  it('a password with leading and trailing spaces reaches the BFF untouched; the identifier is trimmed', async () => {
    const el = await mount();
    type(field(el, 'Username or email'), '  spaces ');
    type(field(el, 'Password'), '  spaced password1 ');
    const success = oneEvent<AuthSuccessEvent>(document, 'auth-success');
    button(el, 'Sign in').click();
    const { detail } = await success;
    expect(detail.user).to.include({ id: 'spaces' });
  });

  it('the same password without its spaces is a wrong password', async () => {
    const el = await mount();
    type(field(el, 'Username or email'), 'spaces');
    type(field(el, 'Password'), 'spaced password1');
    button(el, 'Sign in').click();
    expect(await errorShown(el)).to.match(/incorrect/i);
  });
});
