/**
 * E.164 → OpenIAM `PhoneBean` (docs/protocols/openiam.md §4.2, client pitfall 6). How OpenIAM wants numbers
 * split is unconfirmed; the seed sends `countryCd`, `areaCd`, `phoneNbr` separately. We split the
 * country calling code by the ITU E.164 table (codes are prefix-free), then for NANP (+1) a
 * 3-digit area code; elsewhere `areaCd` stays empty and the national number goes in `phoneNbr`.
 */
import { toE164 } from '../../shared/phone.js';

const ONE_DIGIT = new Set(['1', '7']);
const TWO_DIGIT = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

export interface PhoneBean {
  countryCd: string;
  areaCd: string;
  phoneNbr: string;
  phoneExt: string;
  mdTypeId: 'CELL_PHONE';
  usedForSMS: true;
  published: true;
}

/**
 * `+1 (555) 123-4567`, `0015551234567`, `5551234567` (with default country 1) → `+15551234567`; null if
 * not a phone. libphonenumber-js (shared/phone.ts): the number sent and the throttle subject agree.
 */
export function normalizePhone(input: string, defaultCountryCode: string): string | null {
  return toE164(input, { defaultCallingCode: defaultCountryCode });
}

export function toPhoneBean(e164: string): PhoneBean {
  const digits = e164.replace(/^\+/, '');
  const ccLength = ONE_DIGIT.has(digits.slice(0, 1)) ? 1 : TWO_DIGIT.has(digits.slice(0, 2)) ? 2 : 3;
  const countryCd = digits.slice(0, ccLength);
  const national = digits.slice(ccLength);
  const nanp = countryCd === '1' && national.length === 10;
  return {
    areaCd: nanp ? national.slice(0, 3) : '',
    phoneNbr: nanp ? national.slice(3) : national,
    phoneExt: '',
    mdTypeId: 'CELL_PHONE',
    countryCd,
    usedForSMS: true,
    published: true,
  };
}
