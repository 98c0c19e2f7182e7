/**
 * Likely personal data in free text: what no update, note or reason may carry, since Plan
 * Pulse holds action-level information only. Three signs, each cheap and linear in the text:
 * - an NHS number: ten digits (optionally 3-3-4 with spaces or hyphens) whose last digit is
 *   the Modulus 11 check digit of the first nine: refused outright;
 * - a date of birth: "DOB", "date of birth" or "born" followed closely by a date;
 * - a UK postcode next to a name (two capitalised words within a few words of it).
 * The last two may be innocent (a building's postcode, a founding date), so they are warnings
 * the writer may override after checking; an NHS number never is.
 */

export type PersonalDataKind = 'nhsNumber' | 'dateOfBirth' | 'postcodeWithName';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** Whether the text may be kept once its writer has checked it (false for an NHS number). */
  overridable: boolean;
}

/** The NHS number check: weights 10..2 on the first nine digits; 11 - (sum mod 11), 11 → 0, 10 → invalid. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

const NHS_CANDIDATE = /(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])/g;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
const DATE = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)? ${MONTH},? \\d{4})`;
const DATE_OF_BIRTH = new RegExp(`\\b(?:d\\.?o\\.?b\\.?|date of birth|born(?: on)?)[:\\s]{0,3}${DATE}`, 'i');
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/gi;
// Two capitalised words in a row: a likely given name and family name.
const NAME = /\b[A-Z][a-z'-]+ [A-Z][a-z'-]+\b/;
/** How far (characters) either side of a postcode a name counts as next to it. */
const NEAR = 40;

export function findPersonalData(text: string | undefined): PersonalDataFinding[] {
  if (!text) return [];
  const found: PersonalDataFinding[] = [];
  for (const m of text.matchAll(NHS_CANDIDATE)) {
    if (isValidNhsNumber(`${m[1]}${m[2]}${m[3]}`)) {
      found.push({ kind: 'nhsNumber', overridable: false });
      break;
    }
  }
  if (DATE_OF_BIRTH.test(text)) found.push({ kind: 'dateOfBirth', overridable: true });
  for (const m of text.matchAll(POSTCODE)) {
    const at = m.index ?? 0;
    const around = text.slice(Math.max(0, at - NEAR), at) + ' ' + text.slice(at + m[0].length, at + m[0].length + NEAR);
    if (NAME.test(around)) {
      found.push({ kind: 'postcodeWithName', overridable: true });
      break;
    }
  }
  return found;
}

const WHAT: Record<PersonalDataKind, string> = {
  nhsNumber: 'an NHS number',
  dateOfBirth: 'a date of birth',
  postcodeWithName: 'a postcode next to a name',
};

/**
 * The sentence shown to the writer for what was found in `where` ("Progress", "Blockers").
 * `withOverride` is false where there is no tick box to offer (a note on a button's card).
 */
export function personalDataMessage(findings: readonly PersonalDataFinding[], where: string, withOverride = true): string {
  const kinds = [...new Set(findings.map((f) => f.kind))];
  const what = kinds.map((k) => WHAT[k]).join(' and ');
  if (kinds.includes('nhsNumber')) {
    return `${where} contains what looks like ${what}. Plan Pulse must not hold a child's or family's personal data, so it cannot be recorded: remove it and describe the action's progress instead.`;
  }
  if (!withOverride) return `${where} contains what looks like ${what}, which could identify a child or family: remove it and try again.`;
  return `${where} contains what looks like ${what}, which could identify a child or family. Remove it, or if it identifies no one (a building's postcode, say), tick "I have checked: this identifies no child or family" and submit again.`;
}
