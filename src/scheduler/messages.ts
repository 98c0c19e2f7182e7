/**
 * The scheduler's messages as outbox entries: cycle prompts, reminders and last calls, and
 * the weekly overdue chase, each one card per person listing their actions. Cards are
 * rendered here, when the step decides to send them (see src/outbox/model.ts for why).
 */
import { BRAG_LEGEND } from '../domain/brag';
import type { Action, Group, Person } from '../domain/model';
import { renderCard } from '../cards/render';
import type { LinkRequest, NewMessage } from '../outbox/model';
import { leadMail, type ActionLineView, type LeadMessageView } from '../mail/render';
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

const STEP_WORDING: Record<CycleStep, { kind: LeadMessageView['kind']; title: (g: string) => string; intro: (meeting: string, n: number) => string }> = {
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

/** How the recipient is reached; for email, where the link stops working. */
export type Delivery = { channel: 'teams' } | { channel: 'email'; address: string };

const lineOf = (a: Action, planId: string, today?: string): ActionLineView => ({
  ref: a.ref,
  planId,
  text: shortText(a.text),
  rating: a.brag,
  due: a.due,
  ...(today && a.due ? { daysOverdue: daysBetween(a.due, today) } : {}),
});

/** The message as the outbox keeps it: the card for Teams, or the email drawn from the same view. */
function delivered(
  view: LeadMessageView,
  card: object,
  delivery: Delivery | undefined,
  link: Omit<LinkRequest, 'expiresAt'>,
): Pick<NewMessage, 'activity' | 'mail'> {
  if (delivery?.channel !== 'email') return { activity: cardActivity(card, view.title) };
  const mail = leadMail(view);
  return {
    activity: { type: 'message', summary: mail.subject },
    mail: { to: delivery.address, ...mail, link: { ...link, expiresAt: `${view.linkExpires}` } },
  };
}

export interface PromptInput {
  planId: string;
  planName?: string;
  group: Group;
  meetingDate: string;
  step: CycleStep;
  recipientId: string;
  onBehalfOf?: Person;
  actions: Action[];
  notBefore: Date;
  expiresAt: Date;
  delivery?: Delivery;
}

export function cyclePromptView(input: PromptInput): LeadMessageView {
  const wording = STEP_WORDING[input.step];
  const shown = input.actions.slice(0, MAX_LISTED);
  return {
    kind: wording.kind,
    title: wording.title(input.group.name),
    intro: wording.intro(longDate(input.meetingDate), input.actions.length),
    planName: input.planName ?? input.planId,
    groupName: input.group.name,
    onBehalfOf: input.onBehalfOf?.name,
    actions: shown.map((a) => lineOf(a, input.planId)),
    more: input.actions.length - shown.length,
    answerBy: input.meetingDate,
    linkExpires: input.expiresAt.toISOString(),
  };
}

/** The outbox key of one cycle step's prompt to one person (for themselves, or standing in for a lead). */
export function cyclePromptKey(groupId: string, meetingDate: string, step: CycleStep, recipientId: string, onBehalfOf?: string): string {
  return `cycle~${groupId}~${meetingDate}~${step}~${recipientId}${onBehalfOf ? `~for~${onBehalfOf}` : ''}`;
}

export function cyclePromptMessage(input: PromptInput): NewMessage {
  const view = cyclePromptView(input);
  const card = renderCard('cyclePrompt', {
    title: view.title,
    intro: view.intro,
    onBehalfOf: view.onBehalfOf ?? '',
    ...listed(input.actions, input.planId, (a) => `${ratingLabel(a)}${a.due ? ` · due ${a.due}` : ''}`),
  });
  return {
    key: cyclePromptKey(input.group.id, input.meetingDate, input.step, input.recipientId, input.onBehalfOf?.id),
    kind: view.kind,
    recipientId: input.recipientId,
    ...delivered(view, card, input.delivery, {
      kind: 'cycle',
      groupId: input.group.id,
      meetingDate: input.meetingDate,
      refs: input.actions.map((a) => a.ref),
    }),
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

/** A chase link lasts this long (or until every action it lists has been updated). */
export const CHASE_LINK_DAYS = 14;

export interface ChaseInput {
  planId: string;
  planName?: string;
  recipientId: string;
  onBehalfOf?: Person;
  actions: Action[];
  today: string;
  /** The chase period this belongs to (its first day): one chase per person per period. */
  period: string;
  notBefore: Date;
  /** The chase period's end: the answer is wanted by then. */
  periodEnds?: Date;
  delivery?: Delivery;
}

const CHASE_INTRO =
  'Each of these is not yet complete and its completion date has passed. Please give an update, or propose a revised date if the plan has moved.';

export function overdueChaseView(input: ChaseInput): LeadMessageView {
  const n = input.actions.length;
  const shown = input.actions.slice(0, MAX_LISTED);
  const linkExpires = new Date(input.notBefore.getTime() + CHASE_LINK_DAYS * 86_400_000);
  return {
    kind: 'overdueChase',
    title: n === 1 ? 'An action is past its completion date' : `${n} actions are past their completion date`,
    intro: CHASE_INTRO,
    planName: input.planName ?? input.planId,
    onBehalfOf: input.onBehalfOf?.name,
    actions: shown.map((a) => lineOf(a, input.planId, input.today)),
    more: n - shown.length,
    answerBy: (input.periodEnds ?? linkExpires).toISOString(),
    linkExpires: linkExpires.toISOString(),
  };
}

export function overdueChaseMessage(input: ChaseInput): NewMessage {
  const view = overdueChaseView(input);
  const card = renderCard('overdueChase', {
    title: view.title,
    intro: view.intro,
    onBehalfOf: view.onBehalfOf ?? '',
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
    ...delivered(view, card, input.delivery, { kind: 'chase', refs: input.actions.map((a) => a.ref) }),
    params: { refs: input.actions.map((a) => a.ref), period: input.period, onBehalfOf: input.onBehalfOf?.id },
    notBefore: input.notBefore,
  };
}
