/**
 * Bank holidays in England and Wales, from the maintained `date-holidays` rules (country GB,
 * region ENG, public holidays only, substitute days included). Computed once per year.
 */
import Holidays from 'date-holidays';

const rules = new Holidays('GB', 'ENG', { types: ['public'] });
const byYear = new Map<number, Set<string>>();

/** The bank holidays of one year as YYYY-MM-DD strings. */
export function bankHolidaysOf(year: number): Set<string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Set(
      rules
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
