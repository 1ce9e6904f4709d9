import { describe, expect, it } from 'vitest';
import { AuthError } from '../errors.js';
import { signInOutcome } from './observe.js';

describe('signInOutcome: how a refused sign-in is counted', () => {
  it('counts a right password that needs another step as second_step, never as a BFF error', () => {
    expect(signInOutcome(new AuthError('mfa_required'))).toBe('second_step');
    expect(signInOutcome(new AuthError('password_reset_required'))).toBe('second_step');
  });

  it('keeps wrong credentials, upstream faults and bugs apart; bad bodies are not attempts', () => {
    expect(signInOutcome(new AuthError('invalid_credentials'))).toBe('invalid');
    expect(signInOutcome(new AuthError('upstream_timeout'))).toBe('upstream_timeout');
    expect(signInOutcome(new AuthError('invalid_request'))).toBeUndefined();
    expect(signInOutcome(new TypeError('bug'))).toBe('error');
  });
});
