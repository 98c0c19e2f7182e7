/** What a measure's value may be: a number as people write one, within what its unit allows. */
import type { Unit } from './judgement';

/** A number as spreadsheets and people write one: `62.5`, `62.5%`, `1,204`. */
export function parseMeasureNumber(text: string): number | undefined {
  const cleaned = text.trim().replace(/,/g, '').replace(/%$/, '').trim();
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** Why a value cannot be a measure of that unit, if it cannot. */
export function unitProblem(unit: Unit, value: number): string | undefined {
  if (unit === 'percent' && (value < 0 || value > 100)) return `${value} is not a percentage from 0 to 100`;
  if (unit === 'days' && value < 0) return `${value} is not a number of days (0 or more)`;
  return undefined;
}
