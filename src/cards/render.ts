/**
 * Card rendering: binds a JSON template from cards/ to data with adaptivecards-templating
 * and checks the result with the adaptivecards library, so a template error or a card
 * over Teams' size limit never reaches a user.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { projectRoot } from '../util/projectRoot';

// The package's ESM entry does not load in Node; the bundled build parses without a DOM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC: typeof import('adaptivecards') = require('adaptivecards/dist/adaptivecards.min.js');

/** Teams accepts about 100 KB per message; cards stay well under it. */
export const MAX_CARD_BYTES = 40 * 1024;

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

export class CardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardError';
  }
}

const templates = new Map<string, unknown>();

export function cardsFolder(): string {
  return path.join(projectRoot(), 'cards');
}

export function loadTemplate(name: string): unknown {
  let template = templates.get(name);
  if (!template) {
    const file = path.join(cardsFolder(), `${name}.json`);
    if (!fs.existsSync(file)) throw new CardError(`There is no card template named ${name} (looked for ${file}).`);
    template = JSON.parse(fs.readFileSync(file, 'utf8'));
    templates.set(name, template);
  }
  return template;
}

/** Problems the adaptivecards library finds when it parses a card. */
export function validateCard(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const errors: string[] = [];
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    if (event.phase === AC.ValidationPhase.Parse && event.event !== AC.ValidationEvent.ElementTypeNotAllowed) {
      errors.push(event.message);
    }
  }
  const results = parsed.validateProperties();
  for (const event of results.validationEvents) errors.push(event.message);
  return errors;
}

/** Binds template `name` to `data`, validates it and checks its size. */
export function renderCard(name: string, data: object): AdaptiveCardJson {
  const template = new Template(loadTemplate(name));
  const card = template.expand({ $root: data }) as AdaptiveCardJson;
  const problems = validateCard(card);
  if (problems.length > 0) throw new CardError(`The ${name} card is not valid: ${problems.join('; ')}`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > MAX_CARD_BYTES) {
    throw new CardError(`The ${name} card is ${bytes} bytes, over the ${MAX_CARD_BYTES}-byte limit; page or summarise it.`);
  }
  return card;
}
