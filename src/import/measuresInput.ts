/**
 * Reads measures.csv and measure_values.csv (the workbook's Measures and Measure values
 * sheets) into validated measures and values; every problem is reported where it is
 * (`file:line: column: message`). Nothing here touches storage.
 */
import { DIRECTIONS, UNITS, type Direction, type Unit } from '../measures/judgement';
import type { Measure } from '../measures/model';
import { FREQUENCIES, parsePeriod, type Frequency, type TermDates } from '../measures/periods';
import { parsePlanDate } from './dates';
import { tidy } from './ids';
import { keyProblem } from './limits';
import type { Problem, SourceRow, SourceTable } from './sourceTable';
import { didYouMean } from './suggest';
import { parseMeasureNumber, unitProblem } from '../measures/values';

export interface ImportedMeasureValue {
  measureId: string;
  period: string;
  value: number;
}

const cell = (row: SourceRow, column: string) => (row.cells.get(column) ?? '').trim();

export { parseMeasureNumber, unitProblem } from '../measures/values';

function oneOf<T extends string>(text: string, values: readonly T[]): T | undefined {
  const lower = text.toLowerCase() as T;
  return values.includes(lower) ? lower : undefined;
}

export function readMeasures(
  planId: string,
  table: SourceTable,
  resolveOwner: (lead: string) => string | undefined,
  names: { people: string; leadStrings: string[] },
  problems: Problem[],
  terms?: readonly TermDates[],
): Measure[] {
  const seen = new Map<string, string>();
  const list: Measure[] = [];
  for (const row of table.rows) {
    let ok = true;
    const fail = (column: string, message: string) => {
      problems.push(`${row.where}: ${column}: ${message}`);
      ok = false;
    };
    const id = tidy(cell(row, 'id'));
    if (id === '') fail('id', 'is blank; every measure needs an id that actions and values name it by.');
    else if (seen.has(id)) fail('id', `"${id}" is used twice (also at ${seen.get(id)}); measure ids must be unique.`);
    else {
      seen.set(id, row.where);
      const badKey = keyProblem(id, 'ref', 'the id');
      if (badKey) fail('id', badKey);
      else if (id.includes('|')) fail('id', `"${id}" holds a |, which separates measure ids in actions.csv.`);
    }
    const areaText = cell(row, 'area');
    const area = /^\d+$/.test(areaText) ? Number(areaText) : NaN;
    if (!(area > 0)) fail('area', `"${areaText}" is not an area number (a whole number from 1).`);
    const name = tidy(cell(row, 'measure'));
    if (name === '') fail('measure', 'is blank; say what is measured.');

    const ownerLead = tidy(cell(row, 'owner'));
    let ownerId: string | undefined;
    if (ownerLead === '') fail('owner', `is blank; every measure needs an owner from ${names.people}, who is asked for its values.`);
    else {
      ownerId = resolveOwner(ownerLead);
      if (ownerId === undefined) {
        fail('owner', `"${ownerLead}" is not a lead in ${names.people}; add a row mapping it to an email.${didYouMean(ownerLead, names.leadStrings)}`);
      } else if (ownerId === '') ok = false; // its people row is reported already
    }

    const pick = <T extends string>(column: string, values: readonly T[]): T | undefined => {
      const text = cell(row, column);
      const value = oneOf(text, values);
      if (!value) fail(column, `"${text}" is not one of ${values.join(', ')}.${didYouMean(text, values)}`);
      return value;
    };
    const unit: Unit | undefined = pick('unit', UNITS);
    const direction: Direction | undefined = pick('direction', DIRECTIONS);
    const frequency: Frequency | undefined = pick('frequency', FREQUENCIES);

    const number = (column: 'baseline' | 'target'): number | undefined => {
      const text = cell(row, column);
      const value = parseMeasureNumber(text);
      if (value === undefined) {
        fail(column, `"${text}" is not a number.`);
        return undefined;
      }
      const wrong = unit ? unitProblem(unit, value) : undefined;
      if (wrong) {
        fail(column, `${wrong}.`);
        return undefined;
      }
      return value;
    };
    const baseline = number('baseline');
    const target = number('target');
    const date = (column: 'target_date' | 'baseline_date'): string | undefined => {
      const text = cell(row, column);
      if (text === '') return undefined;
      const reading = parsePlanDate(text, column === 'target_date' ? 'lastWorkingDay' : 'firstDay');
      if (reading.ok) return reading.date;
      fail(column, `${reading.reason}.`);
      return undefined;
    };
    const targetDate = date('target_date');
    const baselineDate = date('baseline_date');
    if (targetDate && baselineDate && baselineDate >= targetDate) {
      fail('target_date', `${targetDate} is not after the baseline date ${baselineDate}.`);
    }
    const source = cell(row, 'source');
    const definition = tidy(cell(row, 'definition'));
    if (!ok) continue;
    const measure: Measure = {
      planId,
      id,
      area,
      name,
      ownerId: ownerId!,
      ownerLead,
      unit: unit!,
      direction: direction!,
      baseline: baseline!,
      target: target!,
      frequency: frequency!,
    };
    if (targetDate) measure.targetDate = targetDate;
    if (baselineDate) measure.baselineDate = baselineDate;
    if (source) measure.source = source;
    if (definition) measure.definition = definition;
    // The plan's term dates travel with each measure reported by term, so every reader judges alike.
    const ownTerms = terms?.filter((t) => (frequency === 'termly' ? /-T\d$/ : /-HT\d$/).test(t.label));
    if (ownTerms && ownTerms.length > 0) measure.terms = ownTerms;
    list.push(measure);
  }
  return list;
}

/**
 * Values for measures read without problems; a value for a measure that has its own problem
 * is not reported again. Two values for one period are refused.
 */
export function readMeasureValues(
  table: SourceTable,
  measures: ReadonlyMap<string, Measure>,
  knownIds: ReadonlySet<string>,
  measuresName: string,
  problems: Problem[],
): ImportedMeasureValue[] {
  const seen = new Map<string, string>();
  const list: ImportedMeasureValue[] = [];
  for (const row of table.rows) {
    const id = tidy(cell(row, 'id'));
    const measure = measures.get(id);
    if (!measure) {
      if (!knownIds.has(id)) {
        problems.push(`${row.where}: id: "${id}" is not a measure in ${measuresName}.${didYouMean(id, [...knownIds])}`);
      }
      continue;
    }
    let ok = true;
    const periodText = cell(row, 'period');
    const period = parsePeriod(periodText, measure.frequency, measure.terms);
    if (!period.ok) {
      problems.push(`${row.where}: period: ${period.message}.`);
      ok = false;
    }
    const valueText = cell(row, 'value');
    const value = parseMeasureNumber(valueText);
    if (value === undefined) {
      problems.push(`${row.where}: value: "${valueText}" is not a number.`);
      ok = false;
    } else {
      const wrong = unitProblem(measure.unit, value);
      if (wrong) {
        problems.push(`${row.where}: value: ${wrong}.`);
        ok = false;
      }
    }
    if (!ok || !period.ok) continue;
    const key = `${id}\u0000${period.period.label}`;
    if (seen.has(key)) {
      problems.push(`${row.where}: period: ${id} has a value for ${period.period.label} already (at ${seen.get(key)}).`);
      continue;
    }
    seen.set(key, row.where);
    list.push({ measureId: id, period: period.period.label, value: value! });
  }
  return list;
}

/**
 * Reads terms.csv (the workbook's Terms sheet): `term, start, end`, a term (`2023-24-T2`) or
 * half-term (`2023-24-HT3`) of the school year with its first and last day. Terms of one kind
 * may not overlap; each is reported where it is wrong.
 */
export function readTerms(table: SourceTable, problems: Problem[]): TermDates[] {
  const list: Array<TermDates & { where: string }> = [];
  for (const row of table.rows) {
    let ok = true;
    const fail = (column: string, message: string) => {
      problems.push(`${row.where}: ${column}: ${message}`);
      ok = false;
    };
    const text = cell(row, 'term');
    const label = text.toUpperCase();
    const parsed = parsePeriod(label);
    if (!parsed.ok || (parsed.period.frequency !== 'termly' && parsed.period.frequency !== 'half-termly')) {
      fail('term', `"${text}" is not a term: write the school year and the term (2023-24-T1 to T3) or half-term (2023-24-HT1 to HT6).`);
    }
    const date = (column: 'start' | 'end') => {
      const reading = parsePlanDate(cell(row, column), 'firstDay');
      if (reading.ok) return reading.date;
      fail(column, `${reading.reason}.`);
      return undefined;
    };
    const start = date('start');
    const end = date('end');
    if (start && end && end < start) fail('end', `${end} is before the start ${start}.`);
    const earlier = list.find((t) => t.label === label);
    if (earlier) fail('term', `${label} is given twice (also at ${earlier.where}).`);
    if (ok) list.push({ label, start: start!, end: end!, where: row.where });
  }
  for (const kind of [/-T\d$/, /-HT\d$/]) {
    const same = list.filter((t) => kind.test(t.label)).sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < same.length; i++) {
      const [before, after] = [same[i - 1]!, same[i]!];
      if (after.start <= before.end) problems.push(`${after.where}: start: ${after.label} starts on ${after.start}, before ${before.label} (${before.where}) ends on ${before.end}.`);
    }
  }
  return list.map(({ label, start, end }) => ({ label, start, end }));
}
