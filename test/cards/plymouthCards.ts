/**
 * Realistic card data for the card tests: the Plymouth 2023 plan's own action texts and
 * lead strings, and helpers that look inside a rendered card.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Rating } from '../../src/domain/brag';
import { projectRoot } from '../../src/util/projectRoot';

export interface FixtureAction {
  ref: string;
  group: string;
  action: string;
  leads: string[];
  due: string;
}

const RATINGS: Rating[] = ['amber', 'red', 'green', 'amber', 'unrated', 'blue', 'amber', 'red'];

export function plymouthActions(): FixtureAction[] {
  const file = path.join(projectRoot(), 'fixtures', 'plymouth-2023', 'actions.csv');
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((row, i) => {
    const column = (name: string): string => {
      const value = row[name];
      if (value === undefined) throw new Error(`${file}: row ${i + 2} has no "${name}" column`);
      return value;
    };
    const due = column('due');
    return {
      ref: column('ref'),
      group: column('group'),
      action: column('action'),
      leads: column('leads').split('|').map((l) => l.trim()),
      // Months ("2023-12") mean the month's end; the cards only need a plausible day.
      due: /^\d{4}-\d{2}$/.test(due) ? `${due}-28` : due || '2024-03-28',
    };
  });
}

/** A deterministic spread of ratings so lists and bars have every colour. */
export function ratingFor(index: number): Rating {
  return RATINGS[index % RATINGS.length]!;
}

/** A narrative of exactly n characters built from plausible sentences. */
export function narrativeOf(n: number): string {
  const sentence =
    'The Graduated Response toolkit was shared with all SENCOs at the autumn network meeting; schools in the north locality have begun the audit and the parent carer forum reviewed the family guide. ';
  return sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n);
}

export interface FoundAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
  card?: unknown;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>);
    Object.values(value).forEach((v) => walk(v, visit));
  }
}

/** Every action (buttons, show cards, refresh) anywhere in the card, in document order. */
export function actionsIn(card: unknown): FoundAction[] {
  const found: FoundAction[] = [];
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) found.push(node as unknown as FoundAction);
  });
  return found;
}

/** Every element of a type (`Chart.Donut`, `Action.Execute`, …) anywhere in the card, in document order. */
export function elementsOf(card: unknown, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  walk(card, (node) => {
    if (node.type === type) found.push(node);
  });
  return found;
}

export function inputsIn(card: unknown): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.')) found.set(String(node.id), node);
  });
  return found;
}

/** The text of every TextBlock and fact, in order, one per line. */
export function textOf(card: unknown): string {
  const lines: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') lines.push(node.text);
    if (typeof node.title === 'string' && typeof node.value === 'string' && node.type === undefined) lines.push(`${node.title}: ${node.value}`);
  });
  return lines.join('\n');
}

export function sizeOf(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
