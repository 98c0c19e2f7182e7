/**
 * The scheduler's one kind of personal message: everything a person has to hear from a plan
 * in one tick (prompts, reminders, last calls, the overdue chase and escalations to handle),
 * rendered from its view model (`PersonMessageView`) on one card, sections in order of urgency,
 * each action with its text and its buttons; or, for someone reached by email, the mail drawn
 * from the same view. Rendered here, when the tick decides to send them (see
 * src/outbox/model.ts for why).
 */
import { escalationCauseText, measureAskLines, personMessageCard, personMessageSummary, personMessageText, sectionHeading, PERSON_MESSAGE_MAX_LISTED, cardActivity } from '../cards';
import { combinedMail, leadMail, type LeadMessageView } from '../mail/render';
import { measureGrant, type LinkRequest, type NewMessage } from '../outbox/model';
import { atPlanTime } from '../calendar';
import { combinedKey, type NoticeKind, type PersonMessageSection, type PersonMessageView } from './notices';

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
  const shown = s.items.slice(0, PERSON_MESSAGE_MAX_LISTED);
  const chaseLink = new Date(notBefore.getTime() + CHASE_LINK_DAYS * 86_400_000);
  const linkExpires = kind === 'overdueChase' ? chaseLink : s.expiresAt ?? chaseLink;
  const { heading, intro } = sectionHeading(s);
  return {
    kind,
    title: heading,
    intro,
    planName: view.planName,
    groupName: s.group?.name,
    onBehalfOf: s.onBehalfOf?.name,
    actions: shown.map((i) => ({ ref: i.action.ref, planId: view.planId, text: personMessageText(i.action.text), rating: i.action.brag, due: i.action.due, daysOverdue: i.daysOverdue })),
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
    .flatMap((s) => s.items.map((i) => ({ ref: i.action.ref, text: personMessageText(i.action.text), causes: i.causes.map((c) => `${escalationCauseText(c.cause)}: ${c.reason}`) })));
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
      : combinedMail({ planName: view.planName, summary: personMessageSummary(view), sections: leadViews, escalations, linkExpires, timeZone: view.timeZone, measures });
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
  const card = personMessageCard(view);
  const summary = personMessageSummary(view);
  return {
    key: combinedKey(view),
    kind: 'combined',
    recipientId: view.recipientId,
    activity: cardActivity(card, summary ? `${view.planName}: ${summary}` : view.planName),
    params,
    notBefore,
    expiresAt: view.expiresAt,
  };
}
