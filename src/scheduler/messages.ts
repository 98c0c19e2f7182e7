/**
 * The scheduler's one kind of personal message: everything a person has to hear from a plan
 * in one tick (prompts, reminders, last calls, the overdue chase and escalations to handle),
 * rendered from its view model (`PersonMessageView`) on one card, sections in order of urgency,
 * each action with its text and its buttons; or, for someone reached by email, the mail drawn
 * from the same view. Rendered here, when the tick decides to send them (see
 * src/outbox/model.ts for why).
 */
import { BRAG_LEGEND } from '../domain/brag';
import { renderCard, CardTooLargeError } from '../cards/render';
import { ESCALATION_CAUSE_TEXT, formatDate, formatPlanDate, resolveNoteInputId } from '../cards/views';
import { combinedMail, leadMail, type LeadMessageView } from '../mail/render';
import { measureGrant, type LinkRequest, type NewMessage } from '../outbox/model';
import type { OutgoingActivity } from '../outbox/transport';
import { periodName, targetText } from '../cards/measures';
import { atPlanTime } from '../calendar';
import { combinedKey, type PersonMessageMeasure, type NoticeKind, type PersonMessageItem, type PersonMessageSection, type PersonMessageView } from './notices';

/** A section lists this many actions at most; a longer one points at "my actions" or the status card. */
const MAX_LISTED = 20;
const MAX_TEXT = 220;

const shortText = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1).trimEnd()}…` : text);

/** "1 action", "3 actions". */
export const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function cardActivity(card: object, summary: string): OutgoingActivity {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}

const ratingWords = (item: PersonMessageItem) =>
  item.action.brag === 'unrated' ? 'Not rated yet' : `${item.action.brag[0]!.toUpperCase()}${item.action.brag.slice(1)}: ${BRAG_LEGEND[item.action.brag]}`;

function statusOf(kind: NoticeKind, item: PersonMessageItem): string {
  const due = item.action.due ? formatPlanDate(item.action.due) : undefined;
  if (kind === 'overdue') {
    const days = item.daysOverdue ?? 0;
    return `Due ${due} · ${counted(days, 'day')} overdue · ${ratingWords(item)}`;
  }
  return `${ratingWords(item)}${due ? ` · due ${due}` : ''}`;
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

function headingOf(s: PersonMessageSection): { heading: string; intro: string } {
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
  }
}

const shortName = (name: string) => (name.length > 40 ? `${name.slice(0, 39).trimEnd()}…` : name);

const measuresIntro = 'A reporting period has ended. Please give the figure for each measure below; the board reads it beside the actions that should move it.';

const STEP_WORDS: Record<PersonMessageMeasure['step'], string> = { open: '', reminder: 'Reminder: ', lastCall: 'Last call: ' };

/** One measure asked for, as the card and the mail show it. */
export function measureAskLines(m: PersonMessageMeasure): { title: string; detail: string } {
  const target = targetText(m);
  return {
    title: `${STEP_WORDS[m.step]}${m.name}`,
    detail: `The value for ${periodName(m.period)} (${m.period}) · target ${target} · due by ${formatPlanDate(m.answerBy)}${m.onBehalfOf ? ` · for ${m.onBehalfOf.name}, who is away` : ''}`,
  };
}

/** What the message's title line says it holds: "2 escalations · 5 actions to update". */
function summaryOf(view: PersonMessageView): string {
  const escalations = view.sections.filter((s) => s.kind === 'escalation').reduce((n, s) => n + s.items.reduce((m, i) => m + i.causes.length, 0), 0);
  const toUpdate = new Set(view.sections.filter((s) => s.kind !== 'escalation').flatMap((s) => s.items.map((i) => i.action.ref))).size;
  const parts: string[] = [];
  if (escalations > 0) parts.push(`${counted(escalations, 'escalation')} to handle`);
  if (toUpdate > 0) parts.push(`${counted(toUpdate, 'action')} to update`);
  if (view.measures.length > 0) parts.push(`${counted(view.measures.length, 'measure value')} to give`);
  return parts.join(' · ');
}

function cardData(view: PersonMessageView, limit: number) {
  return {
    title: view.planName,
    summary: summaryOf(view),
    sections: view.sections.map((s) => {
      const shown = s.items.slice(0, limit);
      const hidden = s.items.length - shown.length;
      return {
        ...headingOf(s),
        standIn: s.onBehalfOf ? `You are standing in for ${s.onBehalfOf.name}, who is away. Updates you give are recorded as made on their behalf.` : '',
        items: shown.map((i) => ({
          ref: i.action.ref,
          planId: view.planId,
          text: shortText(i.action.text),
          status: statusOf(s.kind, i),
          also: alsoOf(i),
          causes: i.causes.map((c) => ({
            ref: i.action.ref,
            escalationId: c.escalationId,
            planId: view.planId,
            noteInputId: resolveNoteInputId(c.escalationId),
            label: `${ESCALATION_CAUSE_TEXT[c.cause] ?? c.cause}, to ${c.level === 'board' ? 'the board' : 'the chair'} (${c.groupName}), ${formatDate(c.raisedAt, view.timeZone)}`,
            reason: c.reason,
          })),
        })),
        more: hidden > 0 ? `…and ${counted(hidden, 'more action')}. ${s.kind === 'escalation' ? 'Say "status" to see every open escalation.' : 'Say "my actions" to see them all.'}` : '',
      };
    }),
    hasMeasures: view.measures.length > 0,
    measuresHeading: view.measures.length === 1 ? 'An impact measure: value due' : `${view.measures.length} impact measures: values due`,
    measuresIntro,
    measures: view.measures.slice(0, limit).map((m) => ({ ...measureAskLines(m), measureId: m.id, planId: view.planId, period: m.period, button: `Give the value: ${shortName(m.name)}` })),
  };
}

/** How the recipient is reached. */
export type Delivery = { channel: 'teams' } | { channel: 'email'; address: string };

/** A chase link lasts this long (or until every action it lists has been updated). */
export const CHASE_LINK_DAYS = 14;

const MAIL_KINDS: Partial<Record<NoticeKind, LeadMessageView['kind']>> = {
  prompt: 'cyclePrompt',
  reminder: 'cycleReminder',
  lastCall: 'cycleLastCall',
  overdue: 'overdueChase',
};

/** A section as the mail renders it: the same facts, one view per section. */
function leadViewOf(view: PersonMessageView, s: PersonMessageSection, notBefore: Date): LeadMessageView | undefined {
  const kind = MAIL_KINDS[s.kind];
  if (!kind) return undefined;
  const shown = s.items.slice(0, MAX_LISTED);
  const chaseLink = new Date(notBefore.getTime() + CHASE_LINK_DAYS * 86_400_000);
  const linkExpires = kind === 'overdueChase' ? chaseLink : s.expiresAt ?? chaseLink;
  return {
    kind,
    title: headingOf(s).heading,
    intro: headingOf(s).intro,
    planName: view.planName,
    groupName: s.group?.name,
    onBehalfOf: s.onBehalfOf?.name,
    actions: shown.map((i) => ({ ref: i.action.ref, planId: view.planId, text: shortText(i.action.text), rating: i.action.brag, due: i.action.due, daysOverdue: i.daysOverdue })),
    more: s.items.length - shown.length,
    answerBy: kind === 'overdueChase' ? (s.expiresAt ?? chaseLink).toISOString() : s.meetingDate ?? linkExpires.toISOString(),
    linkExpires: linkExpires.toISOString(),
    timeZone: view.timeZone,
  };
}

/** The mail form: one section as the lead mail, several as one mail with a section each. */
function mailOf(view: PersonMessageView, address: string, notBefore: Date): Pick<NewMessage, 'activity' | 'mail'> {
  const leadViews = view.sections.map((s) => leadViewOf(view, s, notBefore)).filter((v): v is LeadMessageView => v !== undefined);
  const escalations = view.sections
    .filter((s) => s.kind === 'escalation')
    .flatMap((s) => s.items.map((i) => ({ ref: i.action.ref, text: shortText(i.action.text), causes: i.causes.map((c) => `${ESCALATION_CAUSE_TEXT[c.cause] ?? c.cause}: ${c.reason}`) })));
  // Measures asked for travel in the link's signed refs, so the page opens their forms too.
  const refs = [...new Set(view.sections.flatMap((s) => s.items.map((i) => i.action.ref))), ...view.measures.map((m) => measureGrant(m.id, m.period))];
  const only = view.sections.length === 1 && view.measures.length === 0 ? view.sections[0]! : undefined;
  const measuresDue = view.measures.map((m) => atPlanTime(m.answerBy, 23, view.timeZone).toISOString());
  const linkExpires = [...leadViews.map((v) => v.linkExpires), ...measuresDue].sort().at(-1) ?? new Date(notBefore.getTime() + CHASE_LINK_DAYS * 86_400_000).toISOString();
  const link: LinkRequest =
    only && only.kind !== 'overdue' && only.kind !== 'escalation' && only.group
      ? { kind: 'cycle', groupId: only.group.id, meetingDate: only.meetingDate, refs, expiresAt: linkExpires }
      : { kind: 'chase', refs, expiresAt: linkExpires };
  const measures = view.measures.map((m) => ({ ...measureAskLines(m), answerBy: m.answerBy }));
  const mail =
    leadViews.length === 1 && escalations.length === 0 && measures.length === 0
      ? leadMail(leadViews[0]!)
      : combinedMail({ planName: view.planName, summary: summaryOf(view), sections: leadViews, escalations, linkExpires, timeZone: view.timeZone, measures });
  return { activity: { type: 'message', summary: mail.subject }, mail: { to: address, ...mail, link } };
}

/** The one message a person gets from a plan in this tick. */
export function personMessage(view: PersonMessageView, notBefore: Date, delivery?: Delivery): NewMessage {
  const params = {
    notices: view.noticeKeys,
    sections: view.sections.map((s) => ({ kind: s.kind, groupId: s.group?.id, meetingDate: s.meetingDate, refs: s.items.map((i) => i.action.ref) })),
  };
  if (delivery?.channel === 'email') {
    return { key: combinedKey(view), kind: 'combined', recipientId: view.recipientId, ...mailOf(view, delivery.address, notBefore), params, notBefore, expiresAt: view.expiresAt };
  }
  let card: object | undefined;
  // A chair with dozens of escalations still gets one card: fewer listed per section until it fits.
  for (const limit of [MAX_LISTED, 10, 5, 2]) {
    try {
      card = renderCard('personMessage', cardData(view, limit));
      break;
    } catch (err) {
      if (!(err instanceof CardTooLargeError) || limit === 2) throw err;
    }
  }
  const summary = summaryOf(view);
  return {
    key: combinedKey(view),
    kind: 'combined',
    recipientId: view.recipientId,
    activity: cardActivity(card!, summary ? `${view.planName}: ${summary}` : view.planName),
    params,
    notBefore,
    expiresAt: view.expiresAt,
  };
}
