import { expect, oneEvent } from '@open-wc/testing';
import type { AuthErrorEvent } from '../events/auth-error.js';
import {
  button,
  errorShown,
  field,
  focused,
  mount,
  resetSession,
  signedIn,
  tab,
  type,
} from '../test-support/helpers.js';

describe('Token tab', () => {
  beforeEach(resetSession);

  it('signs in with a pasted token', async () => {
    const el = await mount();
    tab(el, 'Token').click();
    await el.updateComplete;
    type(field(el, 'Token'), 'valid-token-123');
    button(el, 'Sign in').click();
    expect(await signedIn(el)).to.equal('Token User');
  });

  it('says when the token is not valid', async () => {
    const el = await mount();
    tab(el, 'Token').click();
    await el.updateComplete;
    type(field(el, 'Token'), 'expired-token');
    const failed = oneEvent<AuthErrorEvent>(el, 'auth-error');
    button(el, 'Sign in').click();
    expect((await failed).detail).to.deep.equal({ code: 'invalid_token', method: 'token' });
    expect(await errorShown(el)).to.equal('That token is not valid.');
    await el.updateComplete;
    expect(focused(el)).to.equal(field(el, 'Token').id);
    await expect(el).to.be.accessible();
  });
});
