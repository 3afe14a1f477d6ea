// Dates rule: when forbidDatePins is on, refuse a digits-only PIN that reads as a year or a
// calendar date, the guesses an attacker who knows a birthday tries first:
//   4 digits: a year 1900-2099, DDMM or MMDD;
//   6 digits: DDMMYY, MMDDYY or YYMMDD (any two-digit year);
//   8 digits: DDMMYYYY, MMDDYYYY or YYYYMMDD (a year 1900-2099).
// Only valid calendar dates count: 3102 (31 February) and 1313 are not dates; 2902 is (29
// February exists), and so is 290200 (2000 was a leap year) but not 29021900.

import type { PinPolicy } from '../policy.ts';
import { violation, type PinViolation } from '../violations.ts';

export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2099;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** `leap`: whether 29 February exists in the year (unknown year: it may). */
function isCalendarDate(day: number, month: number, leap: boolean): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return leap;
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const isYear = (year: number): boolean => year >= FIRST_YEAR && year <= LAST_YEAR;
/** A two-digit year is 19yy or 20yy; one of them is a leap year exactly when yy is a multiple of 4. */
const twoDigitYearMayBeLeap = (yy: number): boolean => yy % 4 === 0;
const dateWithFullYear = (day: number, month: number, year: number): boolean =>
  isYear(year) && isCalendarDate(day, month, isLeapYear(year));

/**
 * True when the WHOLE candidate is 4, 6 or 8 ASCII digits that read as a year or a date in one
 * of the formats above. Other lengths and non-digits are never dates.
 */
export function isDateLikePin(candidate: string): boolean {
  if (![4, 6, 8].includes(candidate.length) || !/^[0-9]+$/.test(candidate)) return false;
  const part = (start: number, length: number): number => Number(candidate.slice(start, start + length));
  switch (candidate.length) {
    case 4: {
      const [a, b] = [part(0, 2), part(2, 2)];
      return isYear(part(0, 4)) || isCalendarDate(a, b, true) || isCalendarDate(b, a, true);
    }
    case 6: {
      const [a, b, c] = [part(0, 2), part(2, 2), part(4, 2)];
      const leapAtEnd = twoDigitYearMayBeLeap(c);
      return (
        isCalendarDate(a, b, leapAtEnd) || // DDMMYY
        isCalendarDate(b, a, leapAtEnd) || // MMDDYY
        isCalendarDate(c, b, twoDigitYearMayBeLeap(a)) // YYMMDD
      );
    }
    case 8: {
      const [a, b] = [part(0, 2), part(2, 2)];
      const yearAtEnd = part(4, 4);
      return (
        dateWithFullYear(a, b, yearAtEnd) || // DDMMYYYY
        dateWithFullYear(b, a, yearAtEnd) || // MMDDYYYY
        dateWithFullYear(part(6, 2), part(4, 2), part(0, 4)) // YYYYMMDD
      );
    }
    default:
      return false;
  }
}

/** `date` when forbidDatePins is on and the candidate reads as a date or a year. */
export function checkDates(candidate: string, policy: PinPolicy): PinViolation[] {
  if (!policy.forbidDatePins || !isDateLikePin(candidate)) return [];
  return [violation('date', 'pin.date')];
}
