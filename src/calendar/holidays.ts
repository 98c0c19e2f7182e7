/**
 * Bank holidays in England and Wales, from the maintained `date-holidays` rules (country GB,
 * region ENG, public holidays only, substitute days included). Computed once per year.
 */
import type Holidays from 'date-holidays';

// The rules of every country load with the package (about a third of a second): loaded when a
// date is first checked, so a process that checks none does not pay for them.
let rules: Holidays | undefined;
function englishRules(): Holidays {
  if (!rules) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const HolidaysClass = require('date-holidays') as typeof Holidays; // CommonJS: the module is the class
    rules = new HolidaysClass('GB', 'ENG', { types: ['public'] });
  }
  return rules;
}
const byYear = new Map<number, Set<string>>();

/** The bank holidays of one year as YYYY-MM-DD strings. */
export function bankHolidaysOf(year: number): Set<string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Set(
      englishRules()
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    byYear.set(year, days);
  }
  return days;
}

export function isBankHoliday(date: string): boolean {
  return bankHolidaysOf(Number(date.slice(0, 4))).has(date);
}
