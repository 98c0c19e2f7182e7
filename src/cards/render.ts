/**
 * Card rendering: binds a JSON template from cards/ to its view with adaptivecards-templating
 * and checks the result with the adaptivecards library, so a template error or a card
 * over Teams' size limit never reaches a user. CardViews names every template with the view
 * type it binds, so the compiler checks each card's data against its template's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Template } from 'adaptivecards-templating';
import { projectRoot } from '../util/projectRoot';
import type { OutgoingActivity } from '../outbox/transport';
import type { HelpView, LinkPickerView, MessageView, NotInPlanView, StatusView } from './admin';
import type { AreaDigestView, BoardReportView, ProgressReportView } from './board';
import type { ChairDigestView, ChannelSummaryView } from './group';
import type { HistoryView, MyActionsView, UpdateConfirmationView, UpdateFormView } from './lead';
import type { MeasureFormView } from './measures';
import type { PersonMessageCardView, ReportReadyView } from './person';

/** Every template in cards/, by name, with the view it binds. */
export interface CardViews {
  areaDigest: AreaDigestView;
  boardReport: BoardReportView;
  chairDigest: ChairDigestView;
  channelSummary: ChannelSummaryView;
  help: HelpView;
  history: HistoryView;
  linkPicker: LinkPickerView;
  measureForm: MeasureFormView;
  message: MessageView;
  myActions: MyActionsView;
  notInPlan: NotInPlanView;
  personMessage: PersonMessageCardView;
  progressReport: ProgressReportView;
  reportReady: ReportReadyView;
  revisedDateForm: UpdateFormView;
  status: StatusView;
  updateConfirmation: UpdateConfirmationView;
  updateForm: UpdateFormView;
}

export type CardName = keyof CardViews;

/** The templates by name, at run time; the compiler checks it names every key of CardViews. */
export const CARD_NAMES = [
  'areaDigest',
  'boardReport',
  'chairDigest',
  'channelSummary',
  'help',
  'history',
  'linkPicker',
  'measureForm',
  'message',
  'myActions',
  'notInPlan',
  'personMessage',
  'progressReport',
  'reportReady',
  'revisedDateForm',
  'status',
  'updateConfirmation',
  'updateForm',
] as const satisfies readonly CardName[];
/** Compiles only while CARD_NAMES names every key of CardViews. */
export const CARD_NAMES_COMPLETE: [Exclude<CardName, (typeof CARD_NAMES)[number]>] extends [never] ? true : never = true;

/*
 * Both libraries load with the first card: the templating engine (its expression language)
 * takes about a third of a second to load, and a process that renders no card (an idle tick)
 * should not pay for it. The adaptivecards package's ESM entry does not load in Node; its
 * bundled build parses without a DOM.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
let adaptiveCards: typeof import('adaptivecards') | undefined;
const cardsLibrary = () => (adaptiveCards ??= require('adaptivecards/dist/adaptivecards.min.js') as typeof import('adaptivecards'));
let templating: typeof import('adaptivecards-templating') | undefined;
const templatingEngine = () => (templating ??= require('adaptivecards-templating') as typeof import('adaptivecards-templating'));
/* eslint-enable @typescript-eslint/no-require-imports */

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

/** The bound card is valid but over MAX_CARD_BYTES. */
export class CardTooLargeError extends CardError {
  constructor(
    message: string,
    readonly bytes: number,
  ) {
    super(message);
    this.name = 'CardTooLargeError';
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

/**
 * Teams' native charts (Teams only, outside the 1.5 schema): the adaptivecards parser does not
 * know them, so a card may use one only with a fallback, which every other client shows.
 */
export const TEAMS_CHART_TYPES: ReadonlySet<string> = new Set([
  'Chart.Donut',
  'Chart.Pie',
  'Chart.Gauge',
  'Chart.Line',
  'Chart.VerticalBar',
  'Chart.VerticalBar.Grouped',
  'Chart.HorizontalBar',
  'Chart.HorizontalBar.Stacked',
]);

/**
 * Problems with a bound card: what the adaptivecards parser reports when it reads the card
 * as schema 1.5 (Teams' version), plus what it lets through but Teams would not handle:
 * an Action.Execute without a verb, a card version above 1.5, template expressions
 * left unbound because the data lacked a field, and a chart without a fallback.
 */
export function validateCard(card: unknown): string[] {
  if (typeof card !== 'object' || card === null) return ['The card is not a JSON object.'];
  const errors = [...schemaProblems(card)];
  walk(card, [], (value, path) => {
    if (typeof value === 'string' && value.includes('${')) {
      errors.push(`${pathText(path) || 'the card'} holds an unbound template expression: ${JSON.stringify(truncateForMessage(value))}.`);
    }
    if (isObject(value) && value.type === 'Action.Execute' && (typeof value.verb !== 'string' || value.verb === '')) {
      errors.push(`${pathText(path)} is an Action.Execute without a verb.`);
    }
    if (isObject(value) && typeof value.type === 'string' && TEAMS_CHART_TYPES.has(value.type) && !isObject(value.fallback)) {
      errors.push(`${pathText(path)} is a ${value.type} without a fallback element: clients without charts would show nothing.`);
    }
  });
  return errors;
}

/**
 * Properties whose content the schema does not constrain (only whether they are empty), and
 * action data, which is the bot's own. Cards that differ only in these validate alike.
 */
const FREE_TEXT = new Set(['text', 'title', 'value', 'placeholder', 'label', 'errorMessage', 'fallbackText', 'speak', 'altText']);

/** The card with its free text reduced to empty or not, and action data left out. */
function schemaShape(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return FREE_TEXT.has(key) ? (value === '' ? '' : 'x') : value;
  if (Array.isArray(value)) return value.map((item) => schemaShape(item, key));
  if (isObject(value)) {
    if (key === 'data') return {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = schemaShape(v, k);
    return out;
  }
  return value;
}

// Parsing a card with the adaptivecards library costs more than binding it; a bot renders the
// same few shapes of card over and over with different text, so each shape is checked once.
const SHAPES_KEPT = 2000;
const checkedShapes = new Map<string, readonly string[]>();

function schemaProblems(card: object): readonly string[] {
  const shape = JSON.stringify(schemaShape(card));
  let problems = checkedShapes.get(shape);
  if (!problems) {
    problems = parseProblems(card);
    if (checkedShapes.size >= SHAPES_KEPT) checkedShapes.clear();
    checkedShapes.set(shape, problems);
  }
  return problems;
}

/** What the adaptivecards parser, reading the card as schema 1.5, finds wrong with it. */
function parseProblems(card: object): string[] {
  const errors: string[] = [];
  const version = (card as { version?: unknown }).version;
  if (typeof version !== 'string' || !/^1\.[0-5]$/.test(version)) {
    errors.push(`The card's version is ${JSON.stringify(version)}; Teams renders versions 1.0 to 1.5.`);
  }
  const AC = cardsLibrary();
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    const chart = event.event === AC.ValidationEvent.UnknownElementType && [...TEAMS_CHART_TYPES].some((type) => event.message.includes(`"${type}"`));
    if (event.phase === AC.ValidationPhase.Parse && event.event !== AC.ValidationEvent.ElementTypeNotAllowed && !chart) {
      errors.push(event.message);
    }
  }
  const results = parsed.validateProperties();
  for (const event of results.validationEvents) errors.push(event.message);
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncateForMessage(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Visits every value with its path; the path is written out only for a problem found. */
function walk(value: unknown, path: (string | number)[], visit: (value: unknown, path: readonly (string | number)[]) => void): void {
  visit(value, path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], path, visit);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      path.push(key);
      walk(value[key], path, visit);
      path.pop();
    }
  }
}

/** A path as the messages name it: body[2].actions[0].verb */
function pathText(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

// "${" inside data (a narrative, say) must not look like an unbound expression to the check
// above; it travels through expansion as this private-use marker and is restored after.
const DATA_MARKER = '\uE000{';

function markData(value: unknown): unknown {
  if (typeof value === 'string') return value.split('${').join(DATA_MARKER);
  if (Array.isArray(value)) return value.map(markData);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markData(v)]));
  return value;
}

/** Restores the "${" of data strings after the unbound-expression check. */
function restoreData(value: unknown): unknown {
  if (typeof value === 'string') return value.split(DATA_MARKER).join('${');
  if (Array.isArray(value)) return value.map(restoreData);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreData(v)]));
  return value;
}

/**
 * Drops null properties and null array items: a `$when` that is false on a property value
 * (such as a guarded `refresh`) leaves null behind, which Teams does not expect.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(withoutNulls);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

// Constructing a Template parses every expression (tens of milliseconds); expanding a
// prepared one is cheap and leaves it unchanged, so each template is prepared once.
const prepared = new Map<string, Template>();

function preparedTemplate(name: string): Template {
  let template = prepared.get(name);
  if (!template) {
    template = new (templatingEngine().Template)(loadTemplate(name));
    prepared.set(name, template);
  }
  return template;
}

/** Binds template `name` to its view, validates the card and checks its size. */
export function renderCard<N extends CardName>(name: N, view: CardViews[N]): AdaptiveCardJson {
  return renderTemplate(name, view);
}

/**
 * Binds any template in cards/ to data, unchecked by the compiler: for tests and tools that
 * walk the folder. Everything that sends a card uses renderCard.
 */
export function renderTemplate(name: string, data: object): AdaptiveCardJson {
  const template = preparedTemplate(name);
  // Most data holds no "${" at all; then there is nothing to mark and restore.
  const marked = JSON.stringify(data).includes('${');
  const bound = withoutNulls(template.expand({ $root: marked ? markData(data) : data }));
  const problems = validateCard(bound);
  if (problems.length > 0) throw new CardError(`The ${name} card is not valid: ${problems.join('; ')}`);
  const card = (marked ? restoreData(bound) : bound) as AdaptiveCardJson;
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > MAX_CARD_BYTES) {
    throw new CardTooLargeError(`The ${name} card is ${bytes} bytes, over the ${MAX_CARD_BYTES}-byte limit; page or summarise it.`, bytes);
  }
  return card;
}

/**
 * Renders the longest version of a summarising card that fits: buildView(listMax) makes the
 * view with lists cut to listMax items ("and N more" for the rest), tried longest first.
 */
export function renderFitting<N extends CardName>(
  name: N,
  buildView: (listMax: number) => CardViews[N],
  listMaxes: readonly number[] = [8, 5, 3, 1, 0],
): AdaptiveCardJson {
  let lastError: CardTooLargeError | undefined;
  for (const listMax of listMaxes) {
    try {
      return renderCard(name, buildView(listMax));
    } catch (err) {
      if (!(err instanceof CardTooLargeError)) throw err;
      lastError = err;
    }
  }
  throw lastError ?? new CardError(`No list length was given to fit the ${name} card.`);
}

/** A card as a message activity; `summary` is what Teams shows in notifications and the chat list. */
export function cardActivity(card: object, summary: string): OutgoingActivity {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}
