/**
 * The decisions page a chair reached by email opens from their digest: the revised dates
 * waiting for approval and the escalations waiting for acknowledgement in the digest's group,
 * each decided with one button through the same services (and the same authority rules) as
 * the digest card's buttons.
 */
import type { Clock } from '../domain/clock';
import type { Action, Escalation, Person } from '../domain/model';
import { isOpenAction } from '../domain/actions';
import { formatDate, formatPlanDate, ESCALATION_CAUSE_TEXT } from '../cards/views';
import { pendingProposal, decideRevisedDate, type Proposal } from '../decisions/revisedDates';
import { decideEscalation } from '../decisions/escalationDecisions';
import type { ResponseLink } from '../storage/responseLinkRepository';
import type { Store } from '../storage/store';
import { esc, layout } from './page';

export interface DecisionsView {
  planName: string;
  groupName: string;
  proposals: Proposal[];
  escalations: Array<{ escalation: Escalation; action?: Action }>;
  csrf: string;
  postUrl: string;
  /** What the last decision did, for the banner. */
  notice?: string;
  /** The plan's time zone, for when escalations were raised. */
  timeZone: string;
}

/** What waits for the chair in the link's group, among the refs the digest listed. */
export async function loadDecisions(store: Store, link: ResponseLink): Promise<{ proposals: Proposal[]; escalations: Array<{ escalation: Escalation; action?: Action }>; groupName: string }> {
  const groupId = link.groupId ?? '';
  const [groups, actions, open] = await Promise.all([
    store.plans.listGroups(link.planId),
    store.plans.listActionsOfGroup(link.planId, groupId),
    store.escalations.listOpen(link.planId),
  ]);
  const listed = new Set(link.refs);
  const proposals = (await Promise.all(actions.filter((a) => isOpenAction(a) && listed.has(a.ref)).map((a) => pendingProposal(store, a)))).filter(
    (p): p is Proposal => p !== undefined,
  );
  const byRef = new Map(actions.map((a) => [a.ref, a]));
  const escalations = open
    .filter((e) => e.state === 'open' && listed.has(e.ref) && (e.targetGroupId === groupId || e.groupId === groupId))
    .map((escalation) => ({ escalation, action: byRef.get(escalation.ref) }));
  return { proposals, escalations, groupName: groups.find((g) => g.id === groupId)?.name ?? groupId };
}

export function decisionsPage(view: DecisionsView): string {
  const hidden = `<input type="hidden" name="csrf" value="${esc(view.csrf)}">`;
  const proposals = view.proposals
    .map(
      (p) => `<div class="govuk-summary-card"><div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">Action ${esc(p.action.ref)}</h3></div>
<div class="govuk-summary-card__content">
<p class="govuk-body">${esc(p.action.text)}</p>
<dl class="govuk-summary-list">
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Completion date now</dt><dd class="govuk-summary-list__value">${p.action.due ? esc(formatPlanDate(p.action.due)) : 'No date'}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Proposed date</dt><dd class="govuk-summary-list__value">${esc(formatPlanDate(p.update.revisedDue!))}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Why</dt><dd class="govuk-summary-list__value">${esc(p.update.narrative)}</dd></div>
</dl>
<form method="post" action="${esc(view.postUrl)}" novalidate>${hidden}
<input type="hidden" name="decision" value="date"><input type="hidden" name="ref" value="${esc(p.action.ref)}"><input type="hidden" name="updateId" value="${esc(p.update.id)}">
<div class="govuk-button-group">
<button type="submit" class="govuk-button" name="outcome" value="approved">Approve ${esc(formatPlanDate(p.update.revisedDue!))} for ${esc(p.action.ref)}</button>
<button type="submit" class="govuk-button govuk-button--secondary" name="outcome" value="rejected">Reject the date for ${esc(p.action.ref)}</button>
</div></form></div></div>`,
    )
    .join('\n');
  const escalations = view.escalations
    .map(
      ({ escalation: e, action }) => `<div class="govuk-summary-card"><div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">Action ${esc(e.ref)}: ${esc(ESCALATION_CAUSE_TEXT[e.cause] ?? e.cause)}</h3></div>
<div class="govuk-summary-card__content">
${action ? `<p class="govuk-body">${esc(action.text)}</p>` : ''}
<p class="govuk-body">${esc(e.reason)} Raised ${esc(formatDate(e.raisedAt, view.timeZone))}.</p>
<form method="post" action="${esc(view.postUrl)}" novalidate>${hidden}
<input type="hidden" name="decision" value="acknowledge"><input type="hidden" name="escalationId" value="${esc(e.id)}">
<button type="submit" class="govuk-button">Acknowledge the escalation of ${esc(e.ref)}</button>
</form></div></div>`,
    )
    .join('\n');
  const nothing = view.proposals.length === 0 && view.escalations.length === 0;
  return layout(
    `Decisions for ${view.groupName}`,
    `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${view.notice ? `<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="notice-title" data-module="govuk-notification-banner"><div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="notice-title">Done</h2></div><div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${esc(view.notice)}</p></div></div>` : ''}
<h1 class="govuk-heading-l">Decisions for ${esc(view.groupName)}</h1>
${nothing ? '<p class="govuk-body">Nothing from your digest is waiting for a decision now.</p>' : ''}
${view.proposals.length ? `<h2 class="govuk-heading-m">Revised completion dates</h2>\n${proposals}` : ''}
${view.escalations.length ? `<h2 class="govuk-heading-m">Escalations to acknowledge</h2>\n${escalations}` : ''}
</div></div>`,
    { planName: view.planName },
  );
}

export type DecisionOutcome = { ok: true; done: 'approved' | 'rejected' | 'acknowledged'; ref: string } | { ok: false; message: string; status: number };

/** Records one decision from the page's form; only what the link lists may be decided. */
export async function decideFromForm(store: Store, clock: Clock, link: ResponseLink, chair: Person, form: URLSearchParams): Promise<DecisionOutcome> {
  const [groups, people] = await Promise.all([store.plans.listGroups(link.planId), store.plans.peopleById(link.planId)]);
  const decision = form.get('decision');
  if (decision === 'date') {
    const ref = form.get('ref') ?? '';
    const outcome = form.get('outcome');
    if (!link.refs.includes(ref) || (outcome !== 'approved' && outcome !== 'rejected')) return { ok: false, message: 'This decision is not one your digest asked for. Nothing was changed.', status: 404 };
    const result = await decideRevisedDate(store, clock, { planId: link.planId, ref, updateId: form.get('updateId') ?? '', outcome, decider: chair, groups, people });
    if (result.kind !== 'decided') return { ok: false, message: result.message, status: result.kind === 'refused' ? 403 : 404 };
    return { ok: true, done: result.outcome, ref };
  }
  if (decision === 'acknowledge') {
    const escalation = await store.escalations.get(link.planId, form.get('escalationId') ?? '');
    if (!escalation || !link.refs.includes(escalation.value.ref)) return { ok: false, message: 'This escalation is not one your digest asked about. Nothing was changed.', status: 404 };
    const result = await decideEscalation(store, clock, { planId: link.planId, escalationId: escalation.value.id, change: 'acknowledged', person: chair, groups, people });
    if (result.kind !== 'changed') return { ok: false, message: result.message, status: result.kind === 'refused' ? 403 : 404 };
    return { ok: true, done: 'acknowledged', ref: escalation.value.ref };
  }
  return { ok: false, message: 'The form did not say what to decide. Nothing was changed.', status: 400 };
}

export function decisionRefusedPage(message: string): string {
  return layout(
    'Nothing was changed',
    `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-l">Nothing was changed</h1><p class="govuk-body">${esc(message)}</p></div></div>`,
  );
}
