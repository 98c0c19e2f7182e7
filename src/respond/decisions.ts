/**
 * The decisions page a chair reached by email opens from their digest: the revised dates
 * waiting for approval, the proposed blues waiting for confirmation and the escalations waiting
 * for acknowledgement or resolution in the digest's group, each decided through the same
 * services (and the same authority rules: only a chair of the group or above, the area's SRO
 * or an administrator, and never a lead of the action) as the digest card's buttons. A form
 * sent twice decides once and answers the same.
 */
import type { Clock } from '../domain/clock';
import type { Action, Escalation, Person } from '../domain/model';
import { isOpenAction } from '../domain/actions';
import { escalationCauseText, formatDate, formatPlanDate } from '../cards/format';
import { pendingProposal, decideRevisedDate, type Proposal } from '../decisions/revisedDates';
import { decideEscalation } from '../decisions/escalationDecisions';
import { decideBlue, pendingBlue, type BlueProposal } from '../decisions/blueDecisions';
import { chairAuthority } from '../decisions/authority';
import type { ResponseLink } from '../storage/responseLinkRepository';
import type { Store } from '../storage/store';
import { errorMessage, errorSummary, esc, groupClass, layout } from './page';

export interface DecisionsView {
  planName: string;
  groupName: string;
  proposals: Proposal[];
  escalations: Array<{ escalation: Escalation; action?: Action; raisedTo: string }>;
  blues: BlueProposal[];
  csrf: string;
  postUrl: string;
  /** What the last decision did, for the banner. */
  notice?: string;
  /** The plan's time zone, for the days of the proposals and escalations the page shows. */
  timeZone: string;
  /** A refused decision, shown in a summary at the top and beside its note. */
  error?: { field: string; message: string; note?: string };
}

/** Two escalations a chair decides as one: the same action, cause and group it now sits with. */
const sameDecision = (a: Escalation, b: Escalation) => a.ref === b.ref && a.cause === b.cause && a.targetGroupId === b.targetGroupId;

/**
 * What waits for the chair in the link's group, among the refs the digest listed; a link with no
 * group (a message that carried the digests of several groups, or escalations beside one) covers
 * the refs it lists wherever they are.
 */
export async function loadDecisions(
  store: Store,
  link: ResponseLink,
): Promise<{
  proposals: Proposal[];
  escalations: Array<{ escalation: Escalation; action?: Action; raisedTo: string }>;
  blues: BlueProposal[];
  groupName: string;
}> {
  const groupId = link.groupId;
  const [groups, actions, open, people] = await Promise.all([
    store.plans.listGroups(link.planId),
    groupId
      ? store.plans.listActionsOfGroup(link.planId, groupId)
      : Promise.all(link.refs.map((r) => store.plans.getAction(link.planId, r))).then((rows) => rows.filter((r) => r !== undefined).map((r) => r.value)),
    store.escalations.listOpen(link.planId),
    store.plans.peopleById(link.planId),
  ]);
  const listed = new Set(link.refs);
  const proposals = (await Promise.all(actions.filter((a) => isOpenAction(a) && listed.has(a.ref)).map((a) => pendingProposal(store, a)))).filter(
    (p): p is Proposal => p !== undefined,
  );
  const byRef = new Map(actions.map((a) => [a.ref, a]));
  // A digest over several groups lists only the escalations sent to this person: an action raised at
  // its group and again at the board above has one row each, and the board's is its chair's to decide.
  const person = people.get(link.personId);
  const mayDecide = (e: Escalation) => {
    const target = groups.find((g) => g.id === e.targetGroupId);
    return !!target && chairAuthority(person, target, groups, people, 'decide', byRef.get(e.ref)).ok;
  };
  const escalations = open
    .filter((e) => e.state !== 'resolved' && listed.has(e.ref))
    .filter((e) => (groupId ? e.targetGroupId === groupId || e.groupId === groupId : mayDecide(e)))
    // One entry per action, cause and place: an action past both overdue thresholds whose chair leads
    // it has an escalation from each level at the same board, decided together (decideFromForm).
    .filter((e, i, all) => all.findIndex((o) => sameDecision(o, e)) === i)
    .map((escalation) => ({
      escalation,
      action: byRef.get(escalation.ref),
      raisedTo: groups.find((g) => g.id === escalation.targetGroupId)?.name ?? escalation.targetGroupId,
    }));
  const blues = (await Promise.all(actions.filter((a) => listed.has(a.ref)).map((action) => pendingBlue(store, action)))).filter((b) => b !== undefined);
  return { proposals, escalations, blues, groupName: groupId ? (groups.find((g) => g.id === groupId)?.name ?? groupId) : 'your groups' };
}

export function decisionsPage(view: DecisionsView): string {
  const hidden = `<input type="hidden" name="csrf" value="${esc(view.csrf)}">`;
  const proposals = view.proposals
    .map(
      (
        p,
      ) => `<div class="govuk-summary-card"><div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">Action ${esc(p.action.ref)}</h3></div>
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
  const noteField = (id: string, label: string, hint: string) => {
    const error = view.error?.field === id ? view.error : undefined;
    return `<div class="${groupClass(error?.message)}">
<label class="govuk-label" for="${esc(id)}">${esc(label)}</label>
<div id="${esc(id)}-hint" class="govuk-hint">${esc(hint)}</div>
${errorMessage(esc(id), error?.message)}
<textarea class="govuk-textarea${error ? ' govuk-textarea--error' : ''}" id="${esc(id)}" name="note" rows="3" aria-describedby="${esc(id)}-hint${error ? ` ${esc(id)}-error` : ''}">${esc(error?.note ?? '')}</textarea>
</div>`;
  };
  const escalations = view.escalations
    .map(
      ({
        escalation: e,
        action,
        raisedTo,
      }) => `<div class="govuk-summary-card"><div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">Action ${esc(e.ref)}: ${esc(escalationCauseText(e.cause))}, raised to ${esc(raisedTo)}</h3></div>
<div class="govuk-summary-card__content">
${action ? `<p class="govuk-body">${esc(action.text)}</p>` : ''}
<p class="govuk-body">${esc(e.reason)} Raised ${esc(formatDate(e.raisedAt, view.timeZone))}.${e.state === 'acknowledged' && e.acknowledgedAt ? ` Acknowledged ${esc(formatDate(e.acknowledgedAt, view.timeZone))}.` : ''}</p>
${
  e.state === 'open'
    ? `<form method="post" action="${esc(view.postUrl)}" novalidate>${hidden}
<input type="hidden" name="decision" value="acknowledge"><input type="hidden" name="escalationId" value="${esc(e.id)}">
<button type="submit" class="govuk-button">Acknowledge the escalation of ${esc(e.ref)}</button>
</form>`
    : ''
}
<form method="post" action="${esc(view.postUrl)}" novalidate>${hidden}
<input type="hidden" name="decision" value="resolve"><input type="hidden" name="escalationId" value="${esc(e.id)}">
${noteField(`resolve-${e.id}`, `How was the escalation of ${e.ref} resolved?`, 'The lead and the board see this note.')}
<button type="submit" class="govuk-button govuk-button--secondary">Resolve the escalation of ${esc(e.ref)}</button>
</form></div></div>`,
    )
    .join('\n');
  const blues = view.blues
    .map(
      ({
        action,
        update,
      }) => `<div class="govuk-summary-card"><div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">Action ${esc(action.ref)}</h3></div>
<div class="govuk-summary-card__content">
<p class="govuk-body">${esc(action.text)}</p>
<dl class="govuk-summary-list">
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Proposed</dt><dd class="govuk-summary-list__value">${esc(formatDate(update.at, view.timeZone))}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Evidence of embedding</dt><dd class="govuk-summary-list__value">${esc(update.narrative)}</dd></div>
</dl>
<form method="post" action="${esc(view.postUrl)}" novalidate>${hidden}
<input type="hidden" name="decision" value="blue"><input type="hidden" name="ref" value="${esc(action.ref)}"><input type="hidden" name="updateId" value="${esc(update.id)}"><input type="hidden" name="outcome" value="confirmed">
<button type="submit" class="govuk-button">Confirm blue for ${esc(action.ref)}</button>
</form>
<form method="post" action="${esc(view.postUrl)}" novalidate>${hidden}
<input type="hidden" name="decision" value="blue"><input type="hidden" name="ref" value="${esc(action.ref)}"><input type="hidden" name="updateId" value="${esc(update.id)}"><input type="hidden" name="outcome" value="declined">
${noteField(`decline-${update.id}`, `What evidence of embedding is still needed for ${action.ref}?`, 'The lead is told this note; the action stays green.')}
<button type="submit" class="govuk-button govuk-button--secondary">Not yet: keep ${esc(action.ref)} green</button>
</form></div></div>`,
    )
    .join('\n');
  const nothing = view.proposals.length === 0 && view.escalations.length === 0 && view.blues.length === 0;
  const summary = view.error ? errorSummary([[view.error.field, view.error.message]]) : '';
  return layout(
    `${view.error ? 'Error: ' : ''}Decisions for ${view.groupName}`,
    `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${summary}
${view.notice ? `<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="notice-title" data-module="govuk-notification-banner"><div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="notice-title">Done</h2></div><div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${esc(view.notice)}</p></div></div>` : ''}
<h1 class="govuk-heading-l">Decisions for ${esc(view.groupName)}</h1>
${nothing ? '<p class="govuk-body">Nothing from your digest is waiting for a decision now.</p>' : ''}
${view.proposals.length ? `<h2 class="govuk-heading-m">Revised completion dates</h2>\n${proposals}` : ''}
${view.blues.length ? `<h2 class="govuk-heading-m">Proposed blue: complete and embedded</h2>\n${blues}` : ''}
${view.escalations.length ? `<h2 class="govuk-heading-m">Escalations</h2>\n${escalations}` : ''}
</div></div>`,
    { planName: view.planName },
  );
}

export type DecisionDone = 'approved' | 'rejected' | 'acknowledged' | 'resolved' | 'confirmed' | 'declined';

export type DecisionOutcome =
  | { ok: true; done: DecisionDone; ref: string }
  /** `field`: the note the refusal is about, when the page can show it again with the error beside it. */
  | { ok: false; message: string; status: number; field?: string; note?: string };

/** Where a decision is recorded: timeZone is the plan's (PLAN_TIMEZONE), in which it dates the proposal it answers. */
export interface DecisionContext {
  store: Store;
  clock: Clock;
  timeZone: string;
}

/** Records one decision from the page's form; only what the link lists may be decided. */
export async function decideFromForm(
  { store, clock, timeZone }: DecisionContext,
  link: ResponseLink,
  chair: Person,
  form: URLSearchParams,
): Promise<DecisionOutcome> {
  const [groups, people] = await Promise.all([store.plans.listGroups(link.planId), store.plans.peopleById(link.planId)]);
  const decision = form.get('decision');
  const note = form.get('note') ?? undefined;
  if (decision === 'date') {
    const ref = form.get('ref') ?? '';
    const outcome = form.get('outcome');
    if (!link.refs.includes(ref) || (outcome !== 'approved' && outcome !== 'rejected'))
      return { ok: false, message: 'This decision is not one your digest asked for. Nothing was changed.', status: 404 };
    const result = await decideRevisedDate(store, clock, {
      planId: link.planId,
      ref,
      updateId: form.get('updateId') ?? '',
      outcome,
      decider: chair,
      groups,
      people,
      timeZone,
    });
    if (result.kind !== 'decided') return { ok: false, message: result.message, status: result.kind === 'refused' ? 403 : 404 };
    return { ok: true, done: result.outcome, ref };
  }
  if (decision === 'blue') {
    const ref = form.get('ref') ?? '';
    const outcome = form.get('outcome');
    const updateId = form.get('updateId') ?? '';
    if (!link.refs.includes(ref) || (outcome !== 'confirmed' && outcome !== 'declined'))
      return { ok: false, message: 'This decision is not one your digest asked for. Nothing was changed.', status: 404 };
    const result = await decideBlue(store, clock, { planId: link.planId, ref, updateId, outcome, note, decider: chair, groups, people, timeZone });
    if (result.kind === 'decided') return { ok: true, done: result.outcome, ref };
    // A missing or overlong note is shown beside the note, with what was typed kept.
    const aboutNote = result.kind === 'refused' && result.about === 'note';
    return {
      ok: false,
      message: result.message,
      status: result.kind === 'refused' ? (aboutNote ? 400 : 403) : 404,
      ...(aboutNote ? { field: `decline-${updateId}`, note } : {}),
    };
  }
  if (decision === 'acknowledge' || decision === 'resolve') {
    const escalation = await store.escalations.get(link.planId, form.get('escalationId') ?? '');
    if (!escalation || !link.refs.includes(escalation.value.ref))
      return { ok: false, message: 'This escalation is not one your digest asked about. Nothing was changed.', status: 404 };
    const e = escalation.value;
    const change = decision === 'acknowledge' ? 'acknowledged' : 'resolved';
    // The same form sent again (a double click, a resend) answers as the first time did.
    if (change === 'resolved' && e.state === 'resolved' && e.resolvedBy === chair.id) return { ok: true, done: 'resolved', ref: e.ref };
    const result = await decideEscalation(store, clock, { planId: link.planId, escalationId: e.id, change, note, person: chair, groups, people, timeZone });
    if (result.kind === 'changed') {
      // The page listed its twins (same action, cause and group) as this one: they are decided with it.
      const twins = (await store.escalations.listOpen(link.planId)).filter(
        (o) => o.id !== e.id && sameDecision(o, e) && (change === 'resolved' || o.state === 'open'),
      );
      for (const twin of twins)
        await decideEscalation(store, clock, { planId: link.planId, escalationId: twin.id, change, note, person: chair, groups, people, timeZone });
      return { ok: true, done: change, ref: e.ref };
    }
    const aboutNote = result.kind === 'refused' && result.about === 'note';
    return {
      ok: false,
      message: result.message,
      status: result.kind === 'refused' ? (aboutNote ? 400 : 403) : 404,
      ...(aboutNote ? { field: `resolve-${e.id}`, note } : {}),
    };
  }
  return { ok: false, message: 'The form did not say what to decide. Nothing was changed.', status: 400 };
}

export function decisionRefusedPage(message: string): string {
  return layout(
    'Nothing was changed',
    `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-l">Nothing was changed</h1><p class="govuk-body">${esc(message)}</p></div></div>`,
  );
}
