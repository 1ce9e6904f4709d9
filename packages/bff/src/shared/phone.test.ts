import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.js';

describe('toE164 (docs/security.md A-11)', () => {
  it.each([
    ['+12025550123', '+12025550123'],
    ['+1 202 555 0123', '+12025550123'],
    ['+1-202-555-0123', '+12025550123'],
    ['+1 (202) 555-0123', '+12025550123'],
    ['00 1 202 555 0123', '+12025550123'],
    ['２０２５５５０１２３', '+12025550123'], // full-width digits (NFKC)
    ['2025550123', '+12025550123'],
  ])('%s → %s (default calling code 1)', (typed, e164) =>
    expect(toE164(typed, { defaultCallingCode: '1' })).toBe(e164),
  );

  it('reads national formats of the default country', () => {
    for (const typed of ['13900000001', '139-0000-0001', '1 3 9 0 0 0 0 0 0 0 1', '+86 139 0000 0001'])
      expect(toE164(typed, { defaultCountry: 'CN' })).toBe('+8613900000001');
  });

  it('refuses what is not a phone number', () => {
    for (const bad of ['', 'abc', '+12', '+1234567890123456', 'olivia@example.com', '12+34', '555-CALL-NOW'])
      expect(toE164(bad, { defaultCallingCode: '1' })).toBeNull();
  });
});
