/**
 * The shared phone-number table (test/fixtures/phone-numbers.json, also read by the widget's tests):
 * every row, typed with the country picked in the widget as the default region, is the row's E.164
 * by the BFF's normaliser (shared/phone.ts `toE164`, what `phone.defaultCountry` reads numbers with),
 * and that E.164 belongs to a region libphonenumber-js can name (what `phone.countries` checks).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPhoneRegion, regionOf, toE164 } from '../src/shared/phone.js';

interface Row {
  country: string;
  typed: string;
  e164: string;
}
const table = JSON.parse(readFileSync(new URL('./fixtures/phone-numbers.json', import.meta.url), 'utf8')) as {
  numbers: Row[];
};

describe('the shared phone-number table through the BFF normaliser', () => {
  it('has rows (the check can fail)', () => expect(table.numbers.length).toBeGreaterThan(20));

  it.each(table.numbers.map((row) => [row.country, row.typed, row.e164] as const))(
    '%s: %s → %s',
    (country, typed, e164) => {
      expect(isPhoneRegion(country)).toBe(true);
      if (!isPhoneRegion(country)) return;
      expect(toE164(typed, { defaultCountry: country })).toBe(e164);
      expect(regionOf(e164)).toMatch(/^[A-Z]{2}$/);
    },
  );
});
