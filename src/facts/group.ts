/**
 * The facts of one group's cycle, for its channel summary and its chair's digest: BRAG counts
 * (as the cycle closed, from its snapshot, or live while it runs), what moved since the last
 * cycle, overdue actions, leads who did not answer, escalations raised in the cycle, proposed
 * date changes with their decisions, and leads who are away or unreachable.
 */
import type { Rating } from '../domain/brag';
import type { Clock } from '../domain/clock';
import type { Action, Escalation, Group, Person } from '../domain/model';
import { proposalsSince, type Proposal } from '../decisions/revisedDates';
import type { CycleState } from '../storage/cycleRepository';
import { whatToDo, whyUnreachable } from '../reach/reachability';
import { compareRefs, isOpenAction } from '../domain/actions';
import type { Store } from '../storage/store';
import { addDays, planDateOf } from '../calendar';
import { countRatings, emptyCounts, type Counts } from './counts';
import { movesSince, type MovedFact } from './movement';
import { daysOverdue } from './overdue';
import { updatedSince } from './updates';
import type { GroupSnapshot } from '../storage/snapshotRepository';

export { emptyCounts, type Counts, type MovedFact };

export interface OverdueFact {
  ref: string;
  text: string;
  due: string;
  leads: string;
  days: number;
}

/** A red action (as the cycle closed, or now while it runs), however long it has been red. */
export interface RedFact {
  ref: string;
  text: string;
  leads: string[];
  due?: string;
  lastUpdateAt?: string;
}

export interface NotAnsweredFact {
  personId: string;
  name: string;
  refs: string[];
}

export interface DateChangeFact {
  ref: string;
  text: string;
  updateId: string;
  proposedByName: string;
  proposedAt: string;
  /** The due date when it was proposed (the decision's old date once decided). */
  fromDue?: string;
  toDue: string;
  narrative: string;
  state: 'proposed' | 'approved' | 'rejected';
  decidedByName?: string;
  decidedAt?: string;
}

/**
 * Why a lead cannot answer this cycle, as a value the presentation words: away until a plan
 * date; not reachable in Teams (with the cause in words and what to do); or asked but no
 * prompt of the cycle was delivered to them.
 */
export type Availability = { kind: 'away'; until: string } | { kind: 'unreachable'; reason: string } | { kind: 'notReached' };

export interface UnavailableFact {
  personId: string;
  name: string;
  availability: Availability;
}

export interface GroupCycleFacts {
  planId: string;
  group: Group;
  meetingDate: string;
  /** False while the cycle runs (counts are live), true once it closed (counts are its snapshot). */
  closed: boolean;
  counts: Counts;
  total: number;
  leadsAsked: number;
  leadsAnswered: number;
  movedUp: MovedFact[];
  movedDown: MovedFact[];
  /** Red and overdue actions, whenever they became so. */
  red: RedFact[];
  overdue: OverdueFact[];
  notAnswered: NotAnsweredFact[];
  /** The group's escalations still open or acknowledged, whenever raised, and those resolved in the cycle. */
  escalations: Escalation[];
  dateChanges: DateChangeFact[];
  unavailable: UnavailableFact[];
}

/** The BRAG of each action as a snapshot of the group's actions now. */
export function snapshotOf(planId: string, groupId: string, meetingDate: string, at: string, actions: readonly Action[], cycle?: CycleState): GroupSnapshot {
  const asked = new Set(Object.values(cycle?.asked ?? {}).flat());
  const entries: GroupSnapshot['actions'] = {};
  for (const a of actions) {
    const outcome = cycle?.outcome?.[a.ref];
    entries[a.ref] = {
      brag: a.brag,
      ...(a.due ? { due: a.due } : {}),
      ...(asked.has(a.ref) ? { answered: outcome ? outcome.answered : updatedSince(a, cycle!.openedAt) } : {}),
    };
  }
  return { planId, groupId, meetingDate, takenAt: at, actions: entries };
}

export interface GroupFactsInput {
  planId: string;
  group: Group;
  meetingDate: string;
  actions: readonly Action[];
  cycle?: CycleState;
  snapshot?: GroupSnapshot;
  previous?: GroupSnapshot;
  people: Map<string, Person>;
  unreachable: Map<string, string>;
  escalations: readonly Escalation[];
  proposals: readonly Proposal[];
  today: string;
  /** The cycle's window: escalations resolved in it are still listed, to show what was done. */
  window: { from: string; to: string };
}

const nameOf = (people: Map<string, Person>, id: string) => people.get(id)?.name ?? id;

/** Pure: the facts from data already read. */
export function groupCycleFacts(input: GroupFactsInput): GroupCycleFacts {
  const { actions, people, today } = input;
  const ratingOf = (a: Action): Rating => input.snapshot?.actions[a.ref]?.brag ?? a.brag;
  const counts = countRatings(actions.map(ratingOf));
  const byRefNow = new Map(actions.map((a) => [a.ref, ratingOf(a)]));
  const { movedUp, movedDown } = movesSince(actions, (ref) => input.previous?.actions[ref]?.brag, (ref) => byRefNow.get(ref)!);

  const overdue = actions
    .flatMap((a) => {
      const days = daysOverdue(a, today);
      return days === undefined ? [] : [{ ref: a.ref, text: a.text, due: a.due!, leads: a.leadStrings.join(', '), days }];
    })
    .sort((x, y) => y.days - x.days);

  const red: RedFact[] = actions
    .filter((a) => ratingOf(a) === 'red')
    .map((a) => ({ ref: a.ref, text: a.text, leads: a.leadStrings, ...(a.due ? { due: a.due } : {}), ...(a.lastUpdateAt ? { lastUpdateAt: a.lastUpdateAt } : {}) }))
    .sort((x, y) => compareRefs(x.ref, y.ref));

  const byRef = new Map(actions.map((a) => [a.ref, a]));
  const answered = (ref: string): boolean => {
    const outcome = input.cycle?.outcome?.[ref];
    if (outcome) return outcome.answered;
    const snap = input.snapshot?.actions[ref]?.answered;
    if (snap !== undefined) return snap;
    const a = byRef.get(ref);
    return !!a && !!input.cycle && updatedSince(a, input.cycle.openedAt);
  };
  const notAnswered: NotAnsweredFact[] = [];
  const askedPeople = Object.entries(input.cycle?.asked ?? {});
  // Someone no prompt reached was never asked: listed among the unreachable, not the silent.
  const neverReached = new Set<string>();
  for (const [personId, refs] of askedPeople) {
    const missing = refs.filter((r) => !answered(r));
    if (missing.length > 0 && missing.every((r) => input.cycle?.outcome?.[r]?.reached === false)) neverReached.add(personId);
    else if (missing.length > 0) notAnswered.push({ personId, name: nameOf(people, personId), refs: missing });
  }
  notAnswered.sort((a, b) => a.name.localeCompare(b.name));

  // An escalation stays on the summary until it is resolved, however many cycles ago it was raised.
  const escalations = input.escalations
    .filter((e) => e.groupId === input.group.id && e.raisedAt <= input.window.to)
    .filter((e) => e.state !== 'resolved' || (e.resolvedAt ?? '') >= input.window.from)
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));

  const dateDecision = (p: Proposal) => (p.decision?.decision?.kind === 'revisedDate' ? p.decision.decision : undefined);
  const dateChanges: DateChangeFact[] = input.proposals.map((p) => ({
    ref: p.action.ref,
    text: p.action.text,
    updateId: p.update.id,
    proposedByName: nameOf(people, p.update.authorId),
    proposedAt: p.update.at,
    fromDue: dateDecision(p)?.fromDue ?? p.action.due,
    toDue: p.update.revisedDue!,
    narrative: p.update.narrative,
    state: dateDecision(p)?.outcome ?? 'proposed',
    decidedByName: p.decision ? nameOf(people, p.decision.authorId) : undefined,
    decidedAt: p.decision?.at,
  }));

  const leadIds = [...new Set([...actions.filter(isOpenAction).flatMap((a) => a.leadIds), ...neverReached])];
  const unavailable: UnavailableFact[] = [];
  for (const id of leadIds) {
    const person = people.get(id);
    const reason = input.unreachable.get(id);
    if (reason !== undefined) unavailable.push({ personId: id, name: nameOf(people, id), availability: { kind: 'unreachable', reason } });
    else if (neverReached.has(id)) unavailable.push({ personId: id, name: nameOf(people, id), availability: { kind: 'notReached' } });
    else if (person?.awayUntil && person.awayUntil >= today) unavailable.push({ personId: id, name: nameOf(people, id), availability: { kind: 'away', until: person.awayUntil } });
  }
  unavailable.sort((a, b) => a.name.localeCompare(b.name));

  return {
    planId: input.planId,
    group: input.group,
    meetingDate: input.meetingDate,
    closed: !!input.snapshot,
    counts,
    total: actions.length,
    leadsAsked: askedPeople.length,
    leadsAnswered: askedPeople.length - notAnswered.length,
    movedUp,
    movedDown,
    red,
    overdue,
    notAnswered,
    escalations,
    dateChanges,
    unavailable,
  };
}

/** The cycle a group's summary is about now: the open one, else the latest closed one. */
export async function currentCycleOf(store: Store, planId: string, groupId: string): Promise<CycleState | undefined> {
  const cycles = await store.cycles.listForGroup(planId, groupId);
  return cycles.find((c) => c.state === 'open') ?? cycles.filter((c) => c.state === 'closed').pop();
}

/** Reads what groupCycleFacts needs and computes them. Without a cycle, the facts are as of now. */
export async function loadGroupCycleFacts(
  store: Store,
  clock: Clock,
  timeZone: string,
  planId: string,
  group: Group,
  options: { cycle?: CycleState; meetingDate?: string; escalations?: Escalation[]; people?: Map<string, Person> } = {},
): Promise<GroupCycleFacts> {
  const now = clock.now();
  const today = planDateOf(now, timeZone);
  const cycle = options.cycle ?? (options.meetingDate ? (await store.cycles.get(planId, group.id, options.meetingDate))?.value : await currentCycleOf(store, planId, group.id));
  const meetingDate = cycle?.meetingDate ?? options.meetingDate ?? group.nextMeeting;
  const [actions, snapshot, previous, people, escalations] = await Promise.all([
    store.plans.listActionsOfGroup(planId, group.id),
    store.snapshots.get(planId, group.id, meetingDate),
    store.snapshots.previous(planId, group.id, meetingDate),
    options.people ?? store.plans.peopleById(planId),
    options.escalations ?? store.escalations.listAll(planId),
  ]);
  const from = cycle?.openedAt ?? `${addDays(meetingDate, -group.cadenceDays)}T00:00:00.000Z`;
  const to = cycle?.closedAt ?? now.toISOString();
  const leadIds = [...new Set(actions.flatMap((a) => a.leadIds))];
  const unreachable = new Map<string, string>();
  for (const id of leadIds) {
    const identity = await store.identities.get(people.get(id)?.email ?? id);
    if (identity && identity.reachable === false) {
      // With a known cause the digest says why in words and what the administrator can do.
      const cause = identity.unreachableCause;
      unreachable.set(id, cause ? `${whyUnreachable(cause)}; to fix: ${whatToDo(cause)}` : (identity.unreachableReason ?? 'the bot cannot reach them'));
    }
  }
  const proposals = await proposalsSince(store, actions, from);
  return groupCycleFacts({
    planId,
    group,
    meetingDate,
    actions,
    cycle,
    snapshot,
    previous,
    people,
    unreachable,
    escalations,
    proposals,
    today,
    window: { from, to },
  });
}
