/**
 * Phone numbers → E.164, the one canonical spelling (docs/security.md A-01: one throttle bucket per
 * upstream identity). `+1 (202) 555-0123`, `+1-202-555-0123` and `+12025550123` are one number,
 * so they are one subject and one destination. libphonenumber-js with its `min` metadata (server
 * side only; the widget never imports this module).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

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
