/**
 * Reporting periods of impact measures: what a period label means, which dates it covers and
 * which period has most recently ended at a date. Dates are plan dates (YYYY-MM-DD).
 *
 * Labels: `2024-03` (monthly), `2024-Q1` (quarterly, calendar quarters), `2023-24-T2` (termly)
 * and `2023-24-HT3` (half-termly). Terms follow the English school year starting in September:
 * autumn T1 September–December, spring T2 January–March, summer T3 April–July. Half-terms split
 * them at the usual holidays, to the month: HT1 Sep–Oct, HT2 Nov–Dec, HT3 Jan–Feb, HT4 March,
 * HT5 Apr–May, HT6 Jun–Jul. August belongs to no term: it is the summer holiday.
 *
 * A plan may give its own term dates (terms.csv, `TermDates`): a term or half-term it lists
 * covers exactly those dates, and a day between two of them (a holiday) is in none; school
 * years it does not list keep the months above.
 */

export const FREQUENCIES = ['monthly', 'quarterly', 'termly', 'half-termly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Period {
  frequency: Frequency;
  /** The label as the contract writes it, e.g. `2023-24-T2`. */
  label: string;
  /** First and last day covered, inclusive. */
  start: string;
  end: string;
}

/** A term or half-term as a plan dates it: `2023-24-T2` from 2024-01-04 to 2024-03-28. */
export interface TermDates {
  label: string;
  start: string;
  end: string;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; message: string };

/** Months (1-12) of each term and half-term; months of 1..8 are in the second calendar year. */
const TERMS: ReadonlyArray<readonly [number, number]> = [
  [9, 12],
  [1, 3],
  [4, 7],
];
const HALF_TERMS: ReadonlyArray<readonly [number, number]> = [
  [9, 10],
  [11, 12],
  [1, 2],
  [3, 3],
  [4, 5],
  [6, 7],
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const iso = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const monthSpan = (year: number, from: number, to: number) => ({
  start: iso(year, from, 1),
  end: iso(year, to, lastDay(year, to)),
});

function monthly(year: number, month: number): Period {
  return { frequency: 'monthly', label: `${pad(year, 4)}-${pad(month)}`, ...monthSpan(year, month, month) };
}

function quarterly(year: number, quarter: number): Period {
  const from = (quarter - 1) * 3 + 1;
  return { frequency: 'quarterly', label: `${pad(year, 4)}-Q${quarter}`, ...monthSpan(year, from, from + 2) };
}

const schoolYearLabel = (startYear: number) => `${pad(startYear, 4)}-${pad((startYear + 1) % 100)}`;

function schoolPeriod(frequency: 'termly' | 'half-termly', startYear: number, index: number, terms?: readonly TermDates[]): Period {
  const spans = frequency === 'termly' ? TERMS : HALF_TERMS;
  const span = spans[index - 1];
  if (!span) throw new RangeError(`${frequency} periods are numbered 1 to ${spans.length}, not ${index}`);
  const [from, to] = span;
  const year = from >= 9 ? startYear : startYear + 1;
  const prefix = frequency === 'termly' ? 'T' : 'HT';
  const label = `${schoolYearLabel(startYear)}-${prefix}${index}`;
  const dated = terms?.find((t) => t.label === label);
  return { frequency, label, ...(dated ? { start: dated.start, end: dated.end } : monthSpan(year, from, to)) };
}

/** Every term (or half-term) of the school years around `date`, in order. */
function schoolPeriodsAround(frequency: 'termly' | 'half-termly', date: string, terms: readonly TermDates[]): Period[] {
  const year = Number(date.slice(0, 4));
  const count = frequency === 'termly' ? 3 : 6;
  const out: Period[] = [];
  for (let startYear = year - 2; startYear <= year + 1; startYear++) {
    for (let i = 1; i <= count; i++) out.push(schoolPeriod(frequency, startYear, i, terms));
  }
  return out.sort((a, b) => a.end.localeCompare(b.end));
}

const isSchool = (f: Frequency): f is 'termly' | 'half-termly' => f === 'termly' || f === 'half-termly';

const EXAMPLES: Record<Frequency, string> = {
  monthly: '2024-03',
  quarterly: '2024-Q1',
  termly: '2023-24-T2',
  'half-termly': '2023-24-HT3',
};

/** Reads a period label; with `frequency`, the label must be of that frequency. */
export function parsePeriod(text: string, frequency?: Frequency, terms?: readonly TermDates[]): PeriodResult {
  const label = text.trim().toUpperCase();
  let period: Period | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(label))) {
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) period = monthly(Number(m[1]), month);
  } else if ((m = /^(\d{4})-Q([1-4])$/.exec(label))) {
    period = quarterly(Number(m[1]), Number(m[2]));
  } else if ((m = /^(\d{4})-(\d{2})-(T|HT)(\d)$/.exec(label))) {
    const startYear = Number(m[1]);
    const index = Number(m[4]);
    const termly = m[3] === 'T';
    if (Number(m[2]) !== (startYear + 1) % 100) {
      return {
        ok: false,
        message: `"${text}": a school year is written as two consecutive years, e.g. ${schoolYearLabel(startYear)}`,
      };
    }
    if (index >= 1 && index <= (termly ? 3 : 6)) {
      period = schoolPeriod(termly ? 'termly' : 'half-termly', startYear, index, terms);
    }
  }
  if (!period) {
    return {
      ok: false,
      message: `"${text}" is not a reporting period: write a month (2024-03), a quarter (2024-Q1), a term (2023-24-T2) or a half-term (2023-24-HT3)`,
    };
  }
  if (frequency && period.frequency !== frequency) {
    return {
      ok: false,
      message: `"${text}" is a ${period.frequency} period but the measure is reported ${frequency} (e.g. ${EXAMPLES[frequency]})`,
    };
  }
  return { ok: true, period };
}

/** The period of that frequency containing `date`, if any (August has no term or half-term). */
export function periodContaining(frequency: Frequency, date: string, terms?: readonly TermDates[]): Period | undefined {
  if (terms && terms.length > 0 && isSchool(frequency)) return schoolPeriodsAround(frequency, date, terms).find((p) => p.start <= date && date <= p.end);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (frequency) {
    case 'monthly':
      return monthly(year, month);
    case 'quarterly':
      return quarterly(year, Math.floor((month - 1) / 3) + 1);
    case 'termly':
    case 'half-termly': {
      const startYear = month >= 9 ? year : year - 1;
      const spans = frequency === 'termly' ? TERMS : HALF_TERMS;
      const index = spans.findIndex(([from, to]) => month >= from && month <= to);
      return index < 0 ? undefined : schoolPeriod(frequency, startYear, index + 1);
    }
  }
}

/** The period before `period`, of the same frequency. */
export function previousPeriod(period: Period, terms?: readonly TermDates[]): Period {
  if (terms && terms.length > 0 && isSchool(period.frequency)) {
    const before = schoolPeriodsAround(period.frequency, period.start, terms).filter((p) => p.end < period.start).at(-1);
    if (!before) throw new Error(`no period before ${period.label}`);
    return before;
  }
  const dayBefore = addDays(period.start, -1);
  // Only the summer holiday falls between school periods; the day before September is in it.
  const before = periodContaining(period.frequency, dayBefore) ?? periodContaining(period.frequency, addDays(dayBefore, -31));
  if (!before) throw new Error(`no period before ${period.label}`);
  return before;
}

/** The latest period of that frequency that ends on or before `date`. */
export function periodEndingOnOrBefore(frequency: Frequency, date: string, terms?: readonly TermDates[]): Period {
  if (terms && terms.length > 0 && isSchool(frequency)) {
    const ended = schoolPeriodsAround(frequency, date, terms).filter((p) => p.end <= date).at(-1);
    if (ended) return ended;
  }
  const current = periodContaining(frequency, date);
  if (current && current.end <= date) return current;
  if (current) return previousPeriod(current);
  // In the summer holiday: the summer term (or its second half) has ended.
  const year = Number(date.slice(0, 4));
  return schoolPeriod(frequency as 'termly' | 'half-termly', year - 1, frequency === 'termly' ? 3 : 6);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
