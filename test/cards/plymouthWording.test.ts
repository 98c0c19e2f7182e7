/**
 * What a reader sees on every card of the Plymouth plan: four weeks of daily ticks from
 * 25 September 2023 (prompts, reminders, last calls, overdue chases, escalations, channel
 * summaries and chairs' digests, each channel linked), then the cards a
 * lead and a chair open in conversation. No card shows an ISO date, a count with the wrong
 * noun ("1 days"), markup Teams would swallow, an unbound template expression, or an unrated
 * action called anything but "Not yet rated".
 */
import { addDays, atPlanTime, planDateOf } from '../../src/calendar';
import {
  confirmationCard,
  helpCard,
  historyCard,
  myActionsCard,
  notInPlanCard,
  statusCard,
  updateFormCard,
  type AdaptiveCardJson,
} from '../../src/cards';
import { fixedClock } from '../../src/domain/clock';
import type { Action, Group, Person } from '../../src/domain/model';
import { computePlanStatus } from '../../src/facts/status';
import { reportingHooks } from '../../src/reporting/hooks';
import { PLAN_ID, conversationRef, startHarness, type Harness } from '../scheduler/harness';

jest.setTimeout(240_000);

const FIRST = '2023-09-25';
const LAST = '2023-10-20';
const TZ = 'Europe/London';

/** The words on a card as Teams shows them: text, facts, button and input labels, chart titles. */
function visibleText(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, parentKey = ''): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, parentKey));
    if (!node || typeof node !== 'object') return;
    const el = node as Record<string, unknown>;
    const type = typeof el.type === 'string' ? el.type : '';
    if ((type === 'TextBlock' || type === 'TextRun') && typeof el.text === 'string') out.push(el.text);
    if (type.startsWith('Action.') && typeof el.title === 'string') out.push(el.title);
    if (type.startsWith('Input.') || type.startsWith('Chart.')) {
      for (const key of ['label', 'placeholder', 'title', 'errorMessage']) if (typeof el[key] === 'string') out.push(el[key] as string);
    }
    if (parentKey === 'facts' && typeof el.title === 'string' && typeof el.value === 'string') out.push(`${el.title}: ${el.value}`);
    if (parentKey === 'choices' && typeof el.title === 'string') out.push(el.title);
    if (type === 'AdaptiveCard' && typeof el.fallbackText === 'string') out.push(el.fallbackText);
    for (const [key, value] of Object.entries(el)) if (key !== 'data') walk(value, key);
  };
  walk(card);
  return out;
}

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
const ONE_WITH_PLURAL = /(?<![\d.,])1 (days|actions|escalations|open escalations|updates|groups|leads|people|measures|measure values|weeks|months|more actions)\b/;
const MARKUP = /<[a-z][^>]*>/i;
const OTHER_UNRATED = /unrated|not rated/i;

interface Seen {
  where: string;
  card: AdaptiveCardJson;
}

let h: Harness;
const proactive: Seen[] = [];
const conversational: Seen[] = [];
const summaries: string[] = [];

beforeAll(async () => {
  h = await startHarness({ rate: 200 });
  // Every group and board has its channel, so its summaries and reports are posted.
  for (const g of await h.store.plans.listGroups(PLAN_ID)) {
    await h.store.plans.modifyGroup(PLAN_ID, g.id, (x) => ({ ...x, channel: conversationRef(h.connector.serviceUrl, `channel-${g.id}`) }));
  }
  // Two actions already late, so the month has overdue chases and escalations too.
  for (const [ref, due] of [['1.4', '2023-08-31'], ['1.3', '2023-09-22']] as const) {
    await h.store.plans.modifyAction(PLAN_ID, ref, (a) => ({ ...a, due }));
  }
  for (let date = FIRST; date <= LAST; date = addDays(date, 1)) {
    const before = h.connector.sent.length;
    await h.tick(atPlanTime(date, 9, TZ).toISOString(), { onCycleClosed: reportingHooks({ transport: h.transport }), lease: false, sender: { ratePerSecond: 200 } });
    for (const record of h.connector.sent.slice(before)) {
      const activity = record.activity as { summary?: string; attachments?: { content?: unknown }[] } | undefined;
      if (activity?.summary) summaries.push(activity.summary);
      for (const a of activity?.attachments ?? []) if (a.content) proactive.push({ where: `${date} ${record.operation} to ${record.conversationId}`, card: a.content as AdaptiveCardJson });
    }
  }

  // The cards people open in conversation, as the handlers build them, on the last day.
  const now = atPlanTime(LAST, 10, TZ);
  const today = planDateOf(now, TZ);
  const [actions, groups, people] = await Promise.all([h.store.plans.listActions(PLAN_ID), h.store.plans.listGroups(PLAN_ID), h.store.plans.listPeople(PLAN_ID)]);
  const groupOf = new Map<string, Group>(groups.map((g) => [g.id, g]));
  const peopleById = new Map<string, Person>(people.map((p) => [p.id, p]));
  const names = (a: Action) => a.leadIds.map((id) => peopleById.get(id)?.name ?? id);
  const add = (where: string, card: AdaptiveCardJson) => conversational.push({ where, card });

  add('help', helpCard({ givenName: 'Alison' }));
  add('help without a given name', helpCard({}));
  add('not in a plan', notInPlanCard(undefined, 'someone@elsewhere.example'));
  for (const person of people) {
    const theirs = actions.filter((a) => a.leadIds.includes(person.id)).map((action) => ({ action, group: groupOf.get(action.groupId), leadNames: names(action) }));
    if (theirs.length > 0) add(`my actions of ${person.id}`, myActionsCard(theirs, { page: 1, today, timeZone: TZ }));
  }
  for (const action of actions) {
    const history = await h.store.updates.history(PLAN_ID, action.ref);
    add(`update form ${action.ref}`, updateFormCard({ action, group: groupOf.get(action.groupId), today, timeZone: TZ, lastUpdate: history[0], people: peopleById }));
    add(`history ${action.ref}`, historyCard(action, groupOf.get(action.groupId), history, history.length, peopleById, TZ));
    if (history[0]) add(`confirmation ${action.ref}`, confirmationCard(action, history[0], peopleById, TZ));
  }
  for (const group of [undefined, ...groups]) {
    const status = await computePlanStatus(h.store, PLAN_ID, fixedClock(now.toISOString()), { group: group?.name, timeZone: TZ });
    add(`status ${group?.name ?? 'of the plan'}`, statusCard({ ...status, escalations: [], escalationsHidden: status.openEscalations, now, timeZone: TZ }));
  }
});
afterAll(async () => h?.close());

const everyCard = () => [...proactive, ...conversational];

/** The cards whose visible text breaks `rule`, with the offending line, for a readable failure. */
function offending(rule: (line: string) => boolean): string[] {
  return everyCard().flatMap(({ where, card }) => visibleText(card).filter(rule).map((line) => `${where}: ${line}`));
}

describe('every card of the Plymouth plan, as a reader sees it', () => {
  it('walks the messages of four weeks and the cards people open', () => {
    const headings = proactive.flatMap(({ card }) => visibleText(card)).join('\n');
    expect(headings).toMatch(/time for your update/);
    expect(headings).toMatch(/a reminder/);
    expect(headings).toMatch(/last call for updates/);
    expect(headings).toMatch(/past (its|their) completion date/);
    expect(headings).toMatch(/escalated to you/);
    expect(headings).toMatch(/Cycle summary for the meeting on/);
    expect(headings).toMatch(/Chair's digest|digest/i);
    expect(proactive.length).toBeGreaterThan(100);
    expect(conversational.length).toBeGreaterThan(150);
  });

  it('shows every date as "29 Jan 2027", never as an ISO date', () => {
    expect(offending((line) => ISO_DATE.test(line))).toEqual([]);
    expect(summaries.filter((s) => ISO_DATE.test(s))).toEqual([]);
  });

  it('counts with the right noun: "1 day", "1 action", "1 open escalation"', () => {
    expect(offending((line) => ONE_WITH_PLURAL.test(line))).toEqual([]);
    expect(summaries.filter((s) => ONE_WITH_PLURAL.test(s))).toEqual([]);
    // The rule can fail: the singular forms do appear.
    expect(everyCard().some(({ card }) => visibleText(card).some((line) => /(?<![\d.,])1 (day|action)\b/.test(line)))).toBe(true);
  });

  it('calls an unrated action "Not yet rated", and nothing else', () => {
    expect(offending((line) => OTHER_UNRATED.test(line.replace(/not yet rated/gi, '')))).toEqual([]);
    expect(everyCard().some(({ card }) => visibleText(card).some((line) => line.includes('Not yet rated')))).toBe(true);
  });

  it('leaves no template expression unbound and no markup that Teams would swallow', () => {
    expect(everyCard().filter(({ card }) => JSON.stringify(card).includes('${')).map(({ where }) => where)).toEqual([]);
    expect(offending((line) => MARKUP.test(line))).toEqual([]);
  });

  it('greets by given name, or with no name at all', () => {
    const help = conversational.filter(({ where }) => where.startsWith('help')).map(({ card }) => visibleText(card).join('\n'));
    expect(help[0]).toContain('Hello Alison.');
    expect(help[1]).toMatch(/^Hello\.$/m);
    expect(visibleText(conversational.find(({ where }) => where === 'not in a plan')!.card).join('\n')).toMatch(/^Hello\. Plan Pulse collects/m);
  });
});
