/**
 * The chat commands of DESIGN.md, parsed from a message's text. Case-insensitive,
 * tolerant of extra spaces and of the bot's @mention in channels. Unknown text parses
 * as `unknown`, which the bot answers with help rather than silence.
 *
 * Every pattern here runs in time linear in the text (no two unbounded repeats can match
 * the same characters), and text longer than MAX_COMMAND_CHARS is not parsed at all: each
 * route of the bot parses the message, so one long message must cost next to nothing.
 */
import { BRAG_VALUES, type Brag } from '../domain/brag';

export type Command =
  | { kind: 'help' }
  | { kind: 'myActions' }
  | { kind: 'update'; ref: string }
  | { kind: 'quickUpdate'; ref: string; brag: Brag; text: string }
  /** Several lines, each a quick update of its own (or a line that cannot be one, refused by ref). */
  | { kind: 'quickUpdates'; lines: QuickLine[] }
  /** `<ref> <word> …` where the word is not a rating: nothing is recorded, and the reply says why. */
  | { kind: 'notRecorded'; ref: string; word: string }
  | { kind: 'status'; group?: string }
  | { kind: 'digest' }
  | { kind: 'link'; group: string }
  | { kind: 'away'; until?: string; cancel: boolean; raw: string }
  | { kind: 'tooLong'; length: number; limit: number }
  | { kind: 'unknown'; text: string };

/** One line of a multi-line quick update. */
export type QuickLine = { ref: string; brag: Brag; text: string } | { ref: string; word: string };

/** The longest message read as a command: a quick update's text is at most 2,000 characters. */
export const MAX_COMMAND_CHARS = 3000;

const REF = '(\\d+(?:\\.\\d+)*[a-z]?)';

/**
 * Removes `<at>…</at>` mentions and other tags and collapses white space. A tag cannot
 * contain `<`: with `<[^>]+>` every `<` of a long run of them scanned to the end of the text
 * (quadratic); with `<[^<>]*>` each character is scanned at most twice.
 */
export function cleanText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `1.2 amber …` or `1.2: amber …`; a ref followed by a word that is not a rating is kept as that word. */
const QUICK = new RegExp(`^${REF}[:.,;]?\\s+(${BRAG_VALUES.join('|')})\\b\\s*(.*)$`, 'i');
const REF_THEN_WORD = new RegExp(`^${REF}[:.,;]?\\s+([^\\s:.,;]+)`, 'i');

function quickLine(line: string): QuickLine | undefined {
  const m = QUICK.exec(line);
  if (m) return { ref: m[1]!, brag: m[2]!.toLowerCase() as Brag, text: m[3]!.trim() };
  const w = REF_THEN_WORD.exec(line);
  return w ? { ref: w[1]!, word: w[2]! } : undefined;
}

/**
 * The lines of a message as the user wrote them: Teams sends a line break as a newline or, in
 * formatted text, as `<br>` or a new paragraph.
 */
function linesOf(text: string): string[] {
  return text
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .split(/\r?\n/)
    .map(cleanText)
    .filter((l) => l !== '');
}

/**
 * A message of several lines whose first starts with a ref: one quick update per line that
 * starts with a ref; a line that does not is more of the line before it.
 */
function quickUpdates(text: string): QuickLine[] | undefined {
  const lines = linesOf(text);
  if (lines.length < 2 || !quickLine(lines[0]!)) return undefined;
  const out: QuickLine[] = [];
  for (const line of lines) {
    const parsed = quickLine(line);
    const last = out.at(-1);
    if (parsed) out.push(parsed);
    else if (last && 'brag' in last) last.text = `${last.text} ${line}`.trim();
  }
  return out.length >= 2 ? out : undefined;
}

export function parseCommand(text: string): Command {
  if ((text ?? '').length > MAX_COMMAND_CHARS) return { kind: 'tooLong', length: text.length, limit: MAX_COMMAND_CHARS };
  const several = quickUpdates(text ?? '');
  if (several) return { kind: 'quickUpdates', lines: several };
  const t = cleanText(text ?? '');
  const lower = t.toLowerCase();
  if (lower === '' || lower === 'help' || lower === '?' || lower === 'hi' || lower === 'hello') return { kind: 'help' };
  if (/^my\s*actions?$/.test(lower) || lower === 'actions') return { kind: 'myActions' };
  let m = new RegExp(`^update\\s+${REF}$`, 'i').exec(t);
  if (m) return { kind: 'update', ref: m[1]! };
  const quick = quickLine(t);
  if (quick && 'brag' in quick) return { kind: 'quickUpdate', ...quick };
  m = /^status(?:\s+(.+))?$/i.exec(t);
  if (m) return { kind: 'status', group: m[1]?.trim() || undefined };
  if (lower === 'digest') return { kind: 'digest' };
  m = /^link\s+(.+)$/i.exec(t);
  if (m) return { kind: 'link', group: m[1]!.trim() };
  m = /^away(?:\s+until)?(?:\s+(.+))?$/i.exec(t);
  if (m) {
    const arg = m[1]?.trim() ?? '';
    if (/^(off|back|cancel|none)$/i.test(arg)) return { kind: 'away', cancel: true, raw: arg };
    return { kind: 'away', until: parseDayText(arg), cancel: false, raw: arg };
  }
  if (/^i'?m\s+back$|^back$/i.test(lower)) return { kind: 'away', cancel: true, raw: lower };
  // A ref and then something that is not a rating: a quick update that cannot be recorded as it stands.
  if (quick && 'word' in quick) return { kind: 'notRecorded', ref: quick.ref, word: quick.word };
  return { kind: 'unknown', text: t };
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Reads `2026-12-04`, `4/12/2026` (UK order) or `4 December 2026`; undefined when it cannot. */
export function parseDayText(text: string): string | undefined {
  const s = text.trim().toLowerCase();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s);
  if (m) return validDate(+m[3]!, +m[2]!, +m[1]!);
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.findIndex((name) => name.startsWith(m![2]!.slice(0, 3)));
    if (month >= 0) return validDate(+m[3]!, month + 1, +m[1]!);
  }
  return undefined;
}

function validDate(y: number, mo: number, d: number): string | undefined {
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}
