/**
 * Phone numbers → E.164, the one canonical spelling (docs/security.md A-01: one throttle bucket per
 * upstream identity). `+1 (202) 555-0123`, `+1-202-555-0123` and `+12025550123` are one number,
 * so they are one subject and one destination. libphonenumber-js with its `min` metadata (server
 * side only; the widget never imports this module).
 */
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export type { CountryCode };

export interface PhoneDefaults {
  /** Calling code for numbers typed without `+` (`1`, `44`, `86`). */
  defaultCallingCode?: string;
  /** Or a region (`CN`, `US`): national formats of that country (trunk prefixes) are understood. */
  defaultCountry?: CountryCode;
}

/** `+1 (555) 123-4567`, `00 1 555 123 4567`, `555.123.4567` (default `1`) → `+15551234567`; null if not a phone. */
export function toE164(input: string, defaults: PhoneDefaults = {}): string | null {
  let text = input.normalize('NFKC').trim();
  // Only separators and digits, an optional leading + (or the 00 international prefix).
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return null;
  if (/^00/.test(text.replace(/[\s().\-/]/g, ''))) text = `+${text.replace(/[\s().\-/]/g, '').slice(2)}`;
  const parsed = parsePhoneNumberFromString(text, {
    ...(defaults.defaultCountry ? { defaultCountry: defaults.defaultCountry } : {}),
    ...(defaults.defaultCallingCode ? { defaultCallingCode: defaults.defaultCallingCode } : {}),
  });
  return parsed && parsed.isPossible() ? parsed.number : null;
}

/** A phone-looking identifier (digits, separators, optional +): worth trying as a phone. */
export const looksLikePhone = (input: string): boolean => /^\+?[\d\s().\-/]{6,}$/.test(input.trim());

/** The regions libphonenumber-js knows (ISO 3166-1 alpha-2, upper case): what `phone.*` may name. */
export const PHONE_REGIONS: ReadonlySet<string> = new Set(getCountries());

export const isPhoneRegion = (code: string): code is CountryCode => PHONE_REGIONS.has(code);

/**
 * The region an E.164 number belongs to, by libphonenumber-js: for a calling code several regions
 * share (+1: US, CA, the Caribbean; +7: RU, KZ; +44: GB, GG, JE, IM...) the region whose number
 * plan holds the national number (`+1 604 555 0123` → CA). Undefined when no region's plan holds it
 * (`+1 555 555 0123`: a possible length, no assigned area code).
 */
export function regionOf(e164: string): CountryCode | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}
