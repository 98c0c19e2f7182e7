/**
 * The combined personal message: everything a person has to hear from a plan in one tick
 * (prompts, reminders, last calls, the overdue chase, embedding questions, escalations to
 * handle, a chair's digest with its decisions, what a chair decided on a proposed blue, an SRO's
 * area digests) on one card, sections in order of urgency, each action with its text, status and
 * buttons. The headings and intros are shared with the email form (src/scheduler/messages.ts).
 */
import type { NoticeKind, PersonMessageItem, PersonMessageMeasure, PersonMessageSection, PersonMessageView, ReportReady } from '../scheduler/notices';
import { periodName, targetText } from './measures';
import { bragLabel, counted, daysOverdueText, escalationCauseText, formatDate, formatPlanDate, greeting, truncate } from './format';
import { resolveNoteInputId } from './parts';
import { CardTooLargeError, MAX_CARD_BYTES, renderCard, type AdaptiveCardJson } from './render';
import { chairDigestView, type ChairDigestInput } from './group';
import { areaDigestView } from './board';

/** A section lists this many actions at most; a longer one points at "my actions" or the status card. */
export const PERSON_MESSAGE_MAX_LISTED = 20;
const MAX_TEXT = 220;

/** An action's text as the message lists it. */
export const personMessageText = (text: string) => truncate(text, MAX_TEXT);

export interface PersonCauseView {
  ref: string;
  escalationId: string;
  planId: string;
  noteInputId: string;
  /** "Red rating, to the chair (Inclusion), 3 May 2024". */
  label: string;
  reason: string;
}

export interface PersonItemView {
  ref: string;
  planId: string;
  text: string;
  /** "Amber – Progressing to timescale · due 31 Mar 2024". */
  status: string;
  /** "Also past its completion date (12 days)." or ''. */
  also: string;
  causes: PersonCauseView[];
  /** Offers "No change since my last update": asked about an action that has a rating. */
  noChange: boolean;
  /** Offers "Propose a revised date": asked about an action past its due date. */
  revise: boolean;
}

export interface PersonSectionView {
  heading: string;
  intro: string;
  /** The stand-in line when the message goes to a delegate, else ''. */
  standIn: string;
  items: PersonItemView[];
  /** "…and 3 more actions. Say "my actions" to see them all." or ''. */
  more: string;
}

/** An impact measure whose value is asked for, with its Give the value button. */
export interface PersonMeasureView {
  /** "Reminder: EHCPs issued within 20 weeks". */
  title: string;
  /** "The value for March 2024 (2024-03) · target 60% · due by 12 Apr 2024". */
  detail: string;
  measureId: string;
  planId: string;
  period: string;
  /** The button's title: "Give the value: EHCPs issued within 20 weeks". */
  button: string;
}

/** Data for cards/personMessage.json. */
export interface PersonMessageCardView {
  /** The plan's name. */
  title: string;
  /** "Hello Alison." or "Hello." (format.greeting). */
  greeting: string;
  /** "2 escalations to handle · 5 actions to update", or ''. */
  summary: string;
  sections: PersonSectionView[];
  hasMeasures: boolean;
  measuresHeading: string;
  measuresIntro: string;
  measures: PersonMeasureView[];
}

const measuresIntro = 'A reporting period has ended. Please give the figure for each measure below; the board reads it beside the actions that should move it.';

const STEP_WORDS: Record<PersonMessageMeasure['step'], string> = { open: '', reminder: 'Reminder: ', lastCall: 'Last call: ' };

/** One measure asked for, as the card and the mail show it. */
export function measureAskLines(m: PersonMessageMeasure): { title: string; detail: string } {
  return {
    title: `${STEP_WORDS[m.step]}${m.name}`,
    detail: `The value for ${periodName(m.period)} (${m.period}) · target ${targetText(m)} · due by ${formatPlanDate(m.answerBy)}${m.onBehalfOf ? ` · for ${m.onBehalfOf.name}, who is away` : ''}`,
  };
}

/** What a chair decided on the lead's blue, in words. */
export function outcomeText(item: PersonMessageItem, timeZone: string): string {
  const o = item.outcome;
  if (!o) return '';
  const when = formatDate(o.decidedAt, timeZone);
  return o.outcome === 'confirmed'
    ? `${o.deciderName} confirmed blue on ${when}: the action is complete and embedded.`
    : `${o.deciderName} has not confirmed blue yet (${when}), so the action stays green. Their note: ${o.note ?? ''}`;
}

function statusOf(kind: NoticeKind, item: PersonMessageItem, timeZone: string): string {
  const due = item.action.due ? formatPlanDate(item.action.due) : undefined;
  if (kind === 'outcome') return outcomeText(item, timeZone);
  if (kind === 'overdue') return `Due ${due} · ${daysOverdueText(item.daysOverdue ?? 0)} · ${bragLabel(item.action.brag)}`;
  return `${bragLabel(item.action.brag)}${due ? ` · due ${due}` : ''}`;
}

/** "Also past its completion date (12 days)"; "Also asked for the Inclusion meeting on 7 May 2024". */
function alsoOf(item: PersonMessageItem): string {
  const notes = item.also.map((a) => {
    if (a.kind === 'overdue') return `past its completion date (${counted(a.daysOverdue ?? 0, 'day')})`;
    if (a.kind === 'escalation') return 'escalated';
    const meeting = a.meetingDate ? ` on ${formatPlanDate(a.meetingDate)}` : '';
    return `${a.kind === 'prompt' ? 'asked for an update' : 'still needs an update'} for the ${a.group?.name ?? ''} meeting${meeting}`;
  });
  return notes.length > 0 ? `Also ${notes.join('; ')}.` : '';
}

/** A section's heading and what it asks, in the card and the email alike. */
export function sectionHeading(s: PersonMessageSection): { heading: string; intro: string } {
  const n = s.items.length;
  const meeting = s.meetingDate ? formatPlanDate(s.meetingDate) : '';
  const group = s.group?.name ?? '';
  switch (s.kind) {
    case 'escalation':
      return {
        heading: n === 1 ? 'An action escalated to you' : `${n} actions escalated to you`,
        intro: 'Acknowledge to say you have it in hand; resolve it, with a short note, once it is dealt with.',
      };
    case 'lastCall':
      return {
        heading: `${group}: last call for updates`,
        intro: `The group meets on ${meeting}. ${n === 1 ? 'This action has' : `These ${n} actions have`} no update yet for this meeting; anything you can say helps the chair.`,
      };
    case 'overdue':
      return {
        heading: n === 1 ? 'An action is past its completion date' : `${n} actions are past their completion date`,
        intro: 'Each of these is not yet complete and its completion date has passed. Please give an update, or propose a revised date if the plan has moved.',
      };
    case 'reminder':
      return {
        heading: `${group}: a reminder`,
        intro: `The group meets on ${meeting} and ${n === 1 ? 'this action still needs' : `these ${n} actions still need`} your update.`,
      };
    case 'embedding':
      return {
        heading: `${group}: is it embedded?`,
        intro: `The group meets on ${meeting}. ${n === 1 ? 'This action is' : `These ${n} actions are`} complete (green). Is the change embedded? If there is evidence that it is (an audit, the voice of children and families, data, a review, minutes or a survey), rate it blue with that evidence; a chair then confirms it.`,
      };
    case 'measure':
      return { heading: 'Impact measures: values due', intro: measuresIntro };
    case 'prompt':
      return {
        heading: `${group}: time for your update`,
        intro: `The group meets on ${meeting}. Please give a short progress update and a BRAG rating on ${n === 1 ? 'your action' : `each of your ${n} actions`} below.`,
      };
    case 'outcome':
      return {
        heading: n === 1 ? 'A chair decided on your blue' : `Chairs decided on ${n} of your blues`,
        intro: 'Blue means complete and embedded, and needs a chair to confirm it. Where it is not confirmed yet, the note says what evidence is still needed.',
      };
    case 'digest':
    case 'report':
    case 'area':
      // Digests and reports are not listed as sections of actions: they come as the digest cards' own parts.
      return { heading: '', intro: '' };
  }
}

/** Escalations already listed in the message's escalation section, with their buttons. */
const escalationsShown = (view: PersonMessageView) => new Set(view.sections.filter((s) => s.kind === 'escalation').flatMap((s) => s.items.flatMap((i) => i.causes.map((c) => c.escalationId))));

/** The chair's digest, without the escalations the message already lists: each action once. */
export function digestFor(view: PersonMessageView): ChairDigestInput | undefined {
  if (!view.digest) return undefined;
  const shown = escalationsShown(view);
  return { ...view.digest, groups: view.digest.groups.map((g) => ({ ...g, awaitingAck: g.awaitingAck.filter((e) => !shown.has(e.id)) })) };
}

const decisionsWaiting = (digest: ChairDigestInput) => digest.groups.reduce((n, g) => n + g.pending.length + (g.blues?.length ?? 0) + g.awaitingAck.length, 0);

/** The sections that ask the person for an update on their own actions. */
const ASKING = new Set<NoticeKind>(['prompt', 'reminder', 'lastCall', 'overdue']);

/** What the message's title line says it holds: "2 escalations to handle · 5 actions to update". */
export function personMessageSummary(view: PersonMessageView): string {
  const escalations = view.sections.filter((s) => s.kind === 'escalation').reduce((n, s) => n + s.items.reduce((m, i) => m + i.causes.length, 0), 0);
  const toUpdate = new Set(view.sections.filter((s) => s.kind !== 'escalation' && s.kind !== 'outcome').flatMap((s) => s.items.map((i) => i.action.ref))).size;
  const outcomes = view.sections.filter((s) => s.kind === 'outcome').reduce((n, s) => n + s.items.length, 0);
  const decisions = view.digest ? decisionsWaiting(digestFor(view)!) : 0;
  const parts: string[] = [];
  if (escalations > 0) parts.push(`${counted(escalations, 'escalation')} to handle`);
  if (decisions > 0) parts.push(`${counted(decisions, 'decision')} to take`);
  else if (view.digest) parts.push('your digest as chair');
  if (toUpdate > 0) parts.push(`${counted(toUpdate, 'action')} to update`);
  if (view.measures.length > 0) parts.push(`${counted(view.measures.length, 'measure value')} to give`);
  if (outcomes > 0) parts.push(counted(outcomes, 'decision on your blue', 'decisions on your blues'));
  if (view.reports.length > 0) parts.push(`${counted(view.reports.length, 'board report')} ready`);
  if (view.areas.length > 0) parts.push(counted(view.areas.length, 'area digest'));
  return parts.join(' · ');
}

/** The card's view with at most `limit` actions listed per section. */
export function personMessageCardView(view: PersonMessageView, limit: number): PersonMessageCardView {
  return {
    title: view.planName,
    greeting: greeting(view.givenName),
    summary: personMessageSummary(view),
    sections: view.sections.map((s) => {
      const shown = s.items.slice(0, limit);
      const hidden = s.items.length - shown.length;
      return {
        ...sectionHeading(s),
        standIn: s.onBehalfOf ? `You are standing in for ${s.onBehalfOf.name}, who is away. Updates you give are recorded as made on their behalf.` : '',
        items: shown.map((i) => ({
          ref: i.action.ref,
          planId: view.planId,
          text: personMessageText(i.action.text),
          status: statusOf(s.kind, i, view.timeZone),
          also: alsoOf(i),
          // Asked for an update on a rating it already has: one press keeps it, with a short note.
          noChange: ASKING.has(s.kind) && i.action.brag !== 'unrated',
          revise: ASKING.has(s.kind) && !!i.action.due && i.action.due < view.today,
          causes: i.causes.map((c) => ({
            ref: i.action.ref,
            escalationId: c.escalationId,
            planId: view.planId,
            noteInputId: resolveNoteInputId(c.escalationId),
            label: `${escalationCauseText(c.cause)}, to ${c.level === 'board' ? 'the board' : 'the chair'} (${c.groupName}), ${formatDate(c.raisedAt, view.timeZone)}`,
            reason: c.reason,
          })),
        })),
        more: hidden > 0 ? `…and ${counted(hidden, 'more action')}. ${s.kind === 'escalation' ? 'Say "status" to see every open escalation.' : 'Say "my actions" to see them all.'}` : '',
      };
    }),
    hasMeasures: view.measures.length > 0,
    measuresHeading: view.measures.length === 1 ? 'An impact measure: value due' : `${view.measures.length} impact measures: values due`,
    measuresIntro,
    measures: view.measures.slice(0, limit).map((m) => ({
      ...measureAskLines(m),
      measureId: m.id,
      planId: view.planId,
      period: m.period,
      button: `Give the value: ${truncate(m.name, 40)}`,
    })),
  };
}

export interface ReportReadyView {
  title: string;
  text: string;
  button: string;
  planId: string;
  boardId: string;
  meetingDate: string;
}

/** A board's report, ready for its chair to open: the board has no channel to post it in. */
export function reportReadyView(planId: string, r: ReportReady): ReportReadyView {
  const what = r.remit === 'progress' ? 'progress report' : 'exception report';
  return {
    title: `${r.boardName}: the ${what} for ${formatPlanDate(r.meetingDate)}`,
    text: `The ${what} for the meeting on ${formatPlanDate(r.meetingDate)} is ready. ${r.boardName} has no channel linked, so it comes to its chairs: a chair can say "@Plan Pulse link ${r.boardName}" in the board's channel to have the next one posted there.`,
    button: `Open the ${what}`,
    planId,
    boardId: r.boardId,
    meetingDate: r.meetingDate,
  };
}

/** A digest card's body as one part of the person's message. */
const part = (card: AdaptiveCardJson) => ({ type: 'Container', separator: true, spacing: 'ExtraLarge', items: card.body ?? [] });

/**
 * The person's card at `limit` actions a section: their sections, with the chair's digest (its
 * decisions and buttons, as the digest card shows them) after the escalations, and the area
 * digests last.
 */
function composedCard(view: PersonMessageView, limit: number): AdaptiveCardJson {
  const card = renderCard('personMessage', personMessageCardView(view, limit));
  const body = [...(card.body ?? [])];
  const digest = digestFor(view);
  const listMax = Math.min(limit, 8);
  if (digest) {
    // The sections come one container each, then the measures asked for: the digest goes after the escalations.
    const after = view.sections.filter((s) => s.kind !== 'escalation').length + (view.measures.length > 0 ? 1 : 0);
    body.splice(body.length - after, 0, part(renderCard('chairDigest', chairDigestView(digest, listMax, view.timeZone))));
  }
  for (const report of view.reports) body.push(part(renderCard('reportReady', reportReadyView(view.planId, report))));
  for (const area of view.areas) body.push(part(renderCard('areaDigest', areaDigestView(area, listMax, view.timeZone))));
  const composed = { ...card, body };
  const bytes = Buffer.byteLength(JSON.stringify(composed));
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(`The message for ${view.recipientId} is ${bytes} bytes with ${limit} actions a section.`, bytes);
  return composed;
}

/** The card; a chair with dozens of escalations still gets one: fewer listed per section until it fits. */
export function personMessageCard(view: PersonMessageView): AdaptiveCardJson {
  let tooLarge: CardTooLargeError | undefined;
  for (const limit of [PERSON_MESSAGE_MAX_LISTED, 10, 5, 2]) {
    try {
      return composedCard(view, limit);
    } catch (err) {
      if (!(err instanceof CardTooLargeError)) throw err;
      tooLarge = err;
    }
  }
  throw tooLarge!;
}
