import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDates, isDateLikePin } from '../../../src/domain/pin-policy/index.ts';
import { testSwitchedRule } from './fixtures.ts';

describe('dates rule', () => {
  const cases: ReadonlyArray<[candidate: string, isDate: boolean, why: string]> = [
    // 4 digits: a year 1900-2099, DDMM or MMDD
    ['1987', true, 'a year'],
    ['1900', true, 'the first year'],
    ['2099', true, 'the last year'],
    ['2100', false, 'no year, 21 is no month, 00 no day'],
    ['1899', false, 'before 1900, 99 is no day'],
    ['2512', true, 'DDMM: 25 December'],
    ['1225', true, 'MMDD: December 25'],
    ['0101', true, 'DDMM and MMDD: 1 January'],
    ['2902', true, 'DDMM: 29 February exists'],
    ['3102', false, 'no 31 February'],
    ['3104', false, 'no 31 April'],
    ['3112', true, 'DDMM: 31 December'],
    ['0012', false, 'no day 0'],
    ['1313', false, 'no month 13'],
    ['7204', false, 'no day 72, no month 72'],
    // 6 digits: DDMMYY, MMDDYY, YYMMDD
    ['250490', true, 'DDMMYY'],
    ['042590', true, 'MMDDYY'],
    ['900425', true, 'YYMMDD'],
    ['290200', true, 'DDMMYY: 29 February 2000'],
    ['290299', false, 'no 29 February in 1999 or 2099 (and no day 99)'],
    ['010100', true, 'DDMMYY: 1 January 2000'],
    ['720435', false, 'no reading is a date'],
    ['133213', false, 'no month 13 or 32'],
    ['999999', false, 'no day or month 99'],
    // 8 digits: DDMMYYYY, MMDDYYYY, YYYYMMDD with a year 1900-2099
    ['25121987', true, 'DDMMYYYY'],
    ['12251987', true, 'MMDDYYYY'],
    ['19871225', true, 'YYYYMMDD'],
    ['29022000', true, '2000 was a leap year'],
    ['29021900', false, '1900 was not a leap year'],
    ['20240229', true, 'YYYYMMDD, leap year'],
    ['20230229', false, 'no 29 February 2023'],
    ['25121850', false, 'year before 1900'],
    ['31062100', false, 'year after 2099'],
    ['72043591', false, 'no reading is a date'],
    // other lengths and characters are never dates
    ['19870', false, '5 digits'],
    ['1225198', false, '7 digits'],
    ['198', false, '3 digits'],
    ['19a7', false, 'not digits only'],
    ['１９８７', false, 'full-width digits are not 0-9'],
    ['', false, 'empty'],
  ];
  testSwitchedRule(
    { option: 'forbidDatePins', rule: 'date', messageId: 'pin.date', matches: isDateLikePin, check: checkDates },
    cases,
    '1987',
  );

  it('refuses every year of 1900-2099 and every day of the year as DDMM and MMDD', () => {
    for (let year = 1900; year <= 2099; year++) assert.ok(isDateLikePin(String(year)), String(year));
    const day = new Date(Date.UTC(2000, 0, 1));
    for (; day.getUTCFullYear() === 2000; day.setUTCDate(day.getUTCDate() + 1)) {
      const dd = String(day.getUTCDate()).padStart(2, '0');
      const mm = String(day.getUTCMonth() + 1).padStart(2, '0');
      for (const pin of [dd + mm, mm + dd, `${dd}${mm}2000`, `2000${mm}${dd}`, `${mm}${dd}00`]) {
        assert.ok(isDateLikePin(pin), pin);
      }
    }
  });

  it('leaves most PINs alone: under 10% of the 4-digit and of the 6-digit PINs are dates', () => {
    const share = (length: number): number => {
      let dates = 0;
      const total = 10 ** length;
      for (let n = 0; n < total; n++) if (isDateLikePin(String(n).padStart(length, '0'))) dates++;
      return dates / total;
    };
    assert.ok(share(4) < 0.1, `4 digits: ${share(4)}`);
    assert.ok(share(6) < 0.1, `6 digits: ${share(6)}`);
  });
});
