/**
 * The scheduler's one kind of personal message: everything a person has to hear from a plan
 * in one tick (escalations to handle, a chair's digest with the decisions waiting, prompts,
 * reminders, last calls, the overdue chase, the embedding question, what a chair decided on a
 * proposed blue, an SRO's area digests),
 * rendered from its view model (`PersonMessageView`) on one card, sections in order of urgency,
 * each action with its text and its buttons; or, for someone reached by email, the mail drawn
 * from the same view. Rendered here, when the tick decides to send them (see
 * src/outbox/model.ts for why).
 */
import { escalationCauseText, measureAskLines, personMessageCard, personMessageSummary, personMessageText, sectionHeading, PERSON_MESSAGE_MAX_LISTED, cardActivity } from '../cards';
import { areaDigestView, chairDigestView, type ChairDigestInput } from '../cards';
import { outcomeText, reportReadyView } from '../cards/person';
import { greeting } from '../cards/format';
import { chairDigestMail, combinedMail, leadMail, type LeadMessageView } from '../mail/render';
import { boardReportMailPart, type BoardReportMailPart } from '../mail/boardReport';
import { measureGrant, type LinkRequest, type NewMessage } from '../outbox/model';
import { atPlanTime } from '../calendar';
import { combinedKey, type NoticeKind, type PersonMessageSection, type PersonMessageView, type ReportReady } from './notices';

/** How the recipient is reached. */
export type Delivery = { channel: 'teams' } | { channel: 'email'; address: string };

/** A chase link lasts this long (or until every action it lists has been updated). */
export const CHASE_LINK_DAYS = 14;

const MAIL_KINDS: Partial<Record<NoticeKind, LeadMessageView['kind']>> = {
  prompt: 'cyclePrompt',
  reminder: 'cycleReminder',
  lastCall: 'cycleLastCall',
  overdue: 'overdueChase',
  embedding: 'embeddingAsk',
  outcome: 'blueOutcome',
};

/** How long a digest's link to decide stays open. */
export const DIGEST_LINK_DAYS = 14;

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
    actions: shown.map((i) => ({
      ref: i.action.ref,
      planId: view.planId,
      text: personMessageText(i.action.text),
      rating: i.action.brag,
      due: i.action.due,
      daysOverdue: i.daysOverdue,
      ...(i.outcome ? { detail: outcomeText(i, view.timeZone) } : {}),
    })),
    more: s.items.length - shown.length,
    answerBy: kind === 'overdueChase' ? (s.expiresAt ?? chaseLink).toISOString() : s.meetingDate ?? linkExpires.toISOString(),
    linkExpires: linkExpires.toISOString(),
    timeZone: view.timeZone,
  };
}

/** The decisions page's link for a chair reached by email: the refs of the digest's decisions (and any escalations listed beside it). */
function decisionsLinkOf(digest: ChairDigestInput, escalatedRefs: string[], notBefore: Date): LinkRequest | undefined {
  const refs = [
    ...new Set([...digest.groups.flatMap((g) => [...g.pending.map((p) => p.action.ref), ...(g.blues ?? []).map((b) => b.action.ref), ...g.awaitingAck.map((e) => e.ref)]), ...escalatedRefs]),
  ];
  if (refs.length === 0) return undefined;
  const only = digest.groups.length === 1 && escalatedRefs.length === 0 ? digest.groups[0]!.facts : undefined;
  const expiresAt = new Date(notBefore.getTime() + DIGEST_LINK_DAYS * 86_400_000).toISOString();
  return { kind: 'decisions', ...(only ? { groupId: only.group.id, meetingDate: only.meetingDate } : {}), refs, expiresAt };
}

/**
 * The mail form: one section as the lead mail, a digest alone as the digest mail, else one mail
 * with a section each. Someone reading mail has no buttons: the digest keeps every escalation
 * waiting for them, and its link opens a page where they decide each one.
 */
function mailOf(view: PersonMessageView, address: string, notBefore: Date): Pick<NewMessage, 'activity' | 'mail'> {
  const leadViews = view.sections.map((s) => leadViewOf(view, s, notBefore)).filter((v): v is LeadMessageView => v !== undefined);
  const inDigest = new Set((view.digest?.groups ?? []).flatMap((g) => g.awaitingAck.map((e) => e.id)));
  const escalations = view.sections
    .filter((s) => s.kind === 'escalation')
    .flatMap((s) => s.items.map((i) => ({ ref: i.action.ref, text: personMessageText(i.action.text), causes: i.causes.filter((c) => !inDigest.has(c.escalationId)) })))
    .filter((e) => e.causes.length > 0)
    .map((e) => ({ ...e, causes: e.causes.map((c) => `${escalationCauseText(c.cause)}: ${c.reason}`) }));
  const asking = view.sections.filter((s) => s.kind !== 'escalation' && s.kind !== 'outcome');
  // Measures asked for travel in the link's signed refs, so the page opens their forms too.
  const refs = [...new Set(asking.flatMap((s) => s.items.map((i) => i.action.ref))), ...view.measures.map((m) => measureGrant(m.id, m.period))];
  const declined = view.sections.filter((s) => s.kind === 'outcome').flatMap((s) => s.items.filter((i) => i.outcome?.outcome === 'declined').map((i) => i.action.ref));
  const only = asking.length === 1 && view.measures.length === 0 ? asking[0]! : undefined;
  const measuresDue = view.measures.map((m) => atPlanTime(m.answerBy, 23, view.timeZone).toISOString());
  const linkExpires = [...leadViews.map((v) => v.linkExpires), ...measuresDue].sort().at(-1) ?? new Date(notBefore.getTime() + CHASE_LINK_DAYS * 86_400_000).toISOString();
  const linkRefs = [...new Set([...refs, ...declined])];
  const link: LinkRequest | undefined =
    linkRefs.length === 0
      ? undefined
      : only && only.kind !== 'overdue' && only.group && declined.length === 0
        ? { kind: 'cycle', groupId: only.group.id, meetingDate: only.meetingDate, refs, expiresAt: linkExpires }
        : { kind: 'chase', refs: linkRefs, expiresAt: linkExpires };
  const measures = view.measures.map((m) => ({ ...measureAskLines(m), answerBy: m.answerBy }));
  const digest = view.digest;
  const decisionsLink = digest ? decisionsLinkOf(digest, escalations.map((e) => e.ref), notBefore) : undefined;
  const digestView = digest ? chairDigestView(digest, 50, view.timeZone) : undefined;
  const reports = view.reports.map((r) => reportMailOf(view, r));
  const attachments = reports.map((r) => r.summary.attachment);
  if (digestView && leadViews.length === 0 && escalations.length === 0 && view.areas.length === 0 && view.reports.length === 0 && measures.length === 0) {
    // A chair's digest alone: the digest mail, whose one link opens the decisions page.
    const expires = decisionsLink?.expiresAt ?? new Date(notBefore.getTime() + DIGEST_LINK_DAYS * 86_400_000).toISOString();
    const mail = chairDigestMail(digestView, expires, view.timeZone, greeting(view.givenName));
    return { activity: { type: 'message', summary: mail.subject }, mail: { to: address, ...mail, ...(decisionsLink ? { link: decisionsLink } : {}) } };
  }
  const mail =
    leadViews.length === 1 && escalations.length === 0 && !digest && view.areas.length === 0 && view.reports.length === 0 && measures.length === 0 && leadViews[0]!.kind !== 'blueOutcome'
      ? leadMail({ ...leadViews[0]!, greeting: greeting(view.givenName) })
      : combinedMail({
          planName: view.planName,
          greeting: greeting(view.givenName),
          summary: personMessageSummary(view),
          sections: leadViews,
          escalations,
          digest: digestView,
          areas: view.areas.map((a) => areaDigestView(a, 50, view.timeZone)),
          reports,
          measures,
          linkExpires,
          updateLink: link !== undefined,
          decisionsExpire: decisionsLink?.expiresAt,
          timeZone: view.timeZone,
        });
  return {
    activity: { type: 'message', summary: mail.subject },
    mail: { to: address, ...mail, ...(attachments.length > 0 ? { attachments } : {}), ...(link ? { link } : {}), ...(decisionsLink ? { decisionsLink } : {}) },
  };
}

/**
 * A board report in the mail: the report itself (a summary in the body, the board paper
 * attached) from the facts kept at the meeting. A chair outside Teams cannot open the card.
 */
function reportMailOf(view: PersonMessageView, r: ReportReady): { title: string; summary: BoardReportMailPart } {
  const ready = reportReadyView(view.planId, r);
  const what = r.remit === 'progress' ? 'progress report' : 'exception report';
  const note = `It comes to you as a chair because ${r.boardName} has no channel linked in Teams; once a chair links one, its reports are posted there. The attached paper is the ${what} as it was at the meeting.`;
  return { title: ready.title, summary: boardReportMailPart(r.kept, view.planName, view.timeZone, ready.title, note) };
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
