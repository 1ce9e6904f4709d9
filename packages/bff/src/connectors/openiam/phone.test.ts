import { describe, expect, it } from 'vitest';
import { normalizePhone, toPhoneBean } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+1 (555) 123-4567', '+15551234567'],
    ['0015551234567', '+15551234567'],
    ['555.123.4567', '+15551234567'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s → %s', (input, e164) => expect(normalizePhone(input, '1')).toBe(e164));

  it('uses the default country code for national numbers and refuses non-phones', () => {
    expect(normalizePhone('2079460958', '44')).toBe('+442079460958');
    for (const bad of ['', 'abc', '+12', '+1234567890123456', 'olivia@example.com', '12+34'])
      expect(normalizePhone(bad, '1')).toBeNull();
  });
});

describe('toPhoneBean', () => {
  it('splits NANP numbers into country, area and subscriber number (seed field set)', () => {
    expect(toPhoneBean('+15551234567')).toEqual({
      areaCd: '555',
      phoneNbr: '1234567',
      phoneExt: '',
      mdTypeId: 'CELL_PHONE',
      countryCd: '1',
      usedForSMS: true,
      published: true,
    });
  });
  it.each([
    ['+442079460958', '44', '2079460958'],
    ['+8613800138000', '86', '13800138000'],
    ['+79161234567', '7', '9161234567'],
    ['+35312345678', '353', '12345678'],
  ])('%s → countryCd %s, phoneNbr %s', (e164, countryCd, phoneNbr) => {
    expect(toPhoneBean(e164)).toMatchObject({ countryCd, areaCd: '', phoneNbr });
  });
});
