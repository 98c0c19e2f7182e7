/**
 * The scheduler's messages as outbox entries: cycle prompts, reminders and last calls, and
 * the weekly overdue chase, each one card per person listing their actions. Cards are
 * rendered here, when the step decides to send them (see src/outbox/model.ts for why).
 */
import { BRAG_LEGEND } from '../domain/brag';
import type { Action, Group, Person } from '../domain/model';
import { renderCard } from '../cards/render';
import type { NewMessage } from '../outbox/model';
import type { OutgoingActivity } from '../outbox/transport';
import { daysBetween } from '../calendar';
import type { CycleStep } from './cycleSchedule';

/** A card lists this many actions; a lead with more is pointed at "my actions". */
const MAX_LISTED = 20;
const MAX_TEXT = 220;

// One formatter for every card: building an Intl formatter costs far more than using one,
// and a cycle opening for thousands of leads formats a date on each of their cards.
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDate = (date: string) => LONG_DATE.format(new Date(`${date}T12:00:00Z`));

const shortText = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1).trimEnd()}…` : text);

const ratingLabel = (a: Action) => (a.brag === 'unrated' ? 'Not rated yet' : `${a.brag[0]!.toUpperCase()}${a.brag.slice(1)}: ${BRAG_LEGEND[a.brag]}`);

export function cardActivity(card: object, summary: string): OutgoingActivity {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}

function listed(actions: Action[], planId: string, status: (a: Action) => string) {
  const shown = actions.slice(0, MAX_LISTED);
  return {
    actions: shown.map((a) => ({ ref: a.ref, planId, text: shortText(a.text), status: status(a) })),
    more: actions.length > shown.length ? `…and ${actions.length - shown.length} more. Say "my actions" to see them all.` : '',
  };
}

const STEP_WORDING: Record<CycleStep, { kind: string; title: (g: string) => string; intro: (meeting: string, n: number) => string }> = {
  open: {
    kind: 'cyclePrompt',
    title: (g) => `${g}: time for your update`,
    intro: (m, n) => `The group meets on ${m}. Please give a short progress update and a BRAG rating on ${n === 1 ? 'your action' : `each of your ${n} actions`} below.`,
  },
  reminder: {
    kind: 'cycleReminder',
    title: (g) => `${g}: a reminder`,
    intro: (m, n) => `The group meets on ${m} and ${n === 1 ? 'this action still needs' : `these ${n} actions still need`} your update.`,
  },
  lastCall: {
    kind: 'cycleLastCall',
    title: (g) => `${g}: last call for updates`,
    intro: (m, n) => `The group meets on ${m}. ${n === 1 ? 'This action has' : `These ${n} actions have`} no update yet for this meeting; anything you can say helps the chair.`,
  },
};

export interface PromptInput {
  planId: string;
  group: Group;
  meetingDate: string;
  step: CycleStep;
  recipientId: string;
  onBehalfOf?: Person;
  actions: Action[];
  notBefore: Date;
  expiresAt: Date;
}

export function cyclePromptMessage(input: PromptInput): NewMessage {
  const wording = STEP_WORDING[input.step];
  const meeting = longDate(input.meetingDate);
  const card = renderCard('cyclePrompt', {
    title: wording.title(input.group.name),
    intro: wording.intro(meeting, input.actions.length),
    onBehalfOf: input.onBehalfOf?.name ?? '',
    ...listed(input.actions, input.planId, (a) => `${ratingLabel(a)}${a.due ? ` · due ${a.due}` : ''}`),
  });
  const forWhom = input.onBehalfOf ? `~for~${input.onBehalfOf.id}` : '';
  return {
    key: `cycle~${input.group.id}~${input.meetingDate}~${input.step}~${input.recipientId}${forWhom}`,
    kind: wording.kind,
    recipientId: input.recipientId,
    activity: cardActivity(card, wording.title(input.group.name)),
    params: {
      groupId: input.group.id,
      meetingDate: input.meetingDate,
      step: input.step,
      refs: input.actions.map((a) => a.ref),
      onBehalfOf: input.onBehalfOf?.id,
    },
    notBefore: input.notBefore,
    expiresAt: input.expiresAt,
  };
}

export interface ChaseInput {
  planId: string;
  recipientId: string;
  onBehalfOf?: Person;
  actions: Action[];
  today: string;
  /** The chase period this belongs to (its first day): one chase per person per period. */
  period: string;
  notBefore: Date;
}

export function overdueChaseMessage(input: ChaseInput): NewMessage {
  const n = input.actions.length;
  const title = n === 1 ? 'An action is past its completion date' : `${n} actions are past their completion date`;
  const card = renderCard('overdueChase', {
    title,
    intro:
      'Each of these is not yet complete and its completion date has passed. Please give an update, or propose a revised date if the plan has moved.',
    onBehalfOf: input.onBehalfOf?.name ?? '',
    ...listed(input.actions, input.planId, (a) => {
      const days = a.due ? daysBetween(a.due, input.today) : 0;
      return `Due ${a.due} · ${days} day${days === 1 ? '' : 's'} overdue · ${ratingLabel(a)}`;
    }),
  });
  const forWhom = input.onBehalfOf ? `~for~${input.onBehalfOf.id}` : '';
  return {
    key: `chase~${input.period}~${input.recipientId}${forWhom}`,
    kind: 'overdueChase',
    recipientId: input.recipientId,
    activity: cardActivity(card, title),
    params: { refs: input.actions.map((a) => a.ref), period: input.period, onBehalfOf: input.onBehalfOf?.id },
    notBefore: input.notBefore,
  };
}
