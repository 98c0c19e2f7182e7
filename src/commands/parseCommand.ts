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
  | { kind: 'status'; group?: string }
  | { kind: 'digest' }
  | { kind: 'link'; group: string }
  | { kind: 'away'; until?: string; cancel: boolean; raw: string }
  | { kind: 'tooLong'; length: number; limit: number }
  | { kind: 'unknown'; text: string };

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

export function parseCommand(text: string): Command {
  if ((text ?? '').length > MAX_COMMAND_CHARS) return { kind: 'tooLong', length: text.length, limit: MAX_COMMAND_CHARS };
  const t = cleanText(text ?? '');
  const lower = t.toLowerCase();
  if (lower === '' || lower === 'help' || lower === '?' || lower === 'hi' || lower === 'hello') return { kind: 'help' };
  if (/^my\s*actions?$/.test(lower) || lower === 'actions') return { kind: 'myActions' };
  let m = new RegExp(`^update\\s+${REF}$`, 'i').exec(t);
  if (m) return { kind: 'update', ref: m[1]! };
  m = new RegExp(`^${REF}\\s+(${BRAG_VALUES.join('|')})\\b\\s*(.*)$`, 'i').exec(t);
  if (m) return { kind: 'quickUpdate', ref: m[1]!, brag: m[2]!.toLowerCase() as Brag, text: m[3]!.trim() };
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
