/**
 * The facts of an SRO's area digest, given at each meeting of the board that oversees the
 * area's groups first hand to the senior responsible officer of every area (when people.csv
 * names them): the area's BRAG counts, its red and
 * overdue actions, blues waiting for a chair (the SRO may confirm them) and its open escalations.
 */
import type { Action, Area, Escalation, Group, Person } from '../domain/model';
import { pendingBlue, type BlueProposal } from '../decisions/blueDecisions';
import type { Store } from '../storage/store';
import { countRatings, type Counts } from './counts';
import { daysOverdue } from './overdue';
import { groupsReportingTo } from '../reporting/scope';

export interface AreaActionFact {
  action: Action;
  groupName: string;
  /** Days past due, for an overdue action. */
  daysOverdue?: number;
}

export interface AreaDigestFacts {
  planId: string;
  area: Area;
  sro: Person;
  board: Group;
  meetingDate: string;
  counts: Counts;
  red: AreaActionFact[];
  overdue: AreaActionFact[];
  bluesWaiting: BlueProposal[];
  escalations: Escalation[];
}

/** The areas of the board's scope with an SRO who is a person of the plan. */
export function areasWithSro(areas: readonly Area[], actions: readonly Action[]): Area[] {
  const inScope = new Set(actions.map((a) => a.area));
  return areas.filter((a) => a.sroId && inScope.has(a.number));
}

export async function loadAreaDigestFacts(
  store: Store,
  input: { area: Area; sro: Person; board: Group; meetingDate: string; today: string; groups: readonly Group[]; actions: readonly Action[]; escalations: readonly Escalation[] },
): Promise<AreaDigestFacts> {
  const name = new Map(input.groups.map((g) => [g.id, g.name]));
  const mine = input.actions.filter((a) => a.area === input.area.number);
  const fact = (action: Action): AreaActionFact => ({ action, groupName: name.get(action.groupId) ?? action.groupId });
  const counts = countRatings(mine.map((a) => a.brag));
  const bluesWaiting: BlueProposal[] = [];
  for (const a of mine.filter((x) => x.blueProposal)) {
    const b = await pendingBlue(store, a);
    if (b) bluesWaiting.push(b);
  }
  const refs = new Set(mine.map((a) => a.ref));
  return {
    planId: input.area.planId,
    area: input.area,
    sro: input.sro,
    board: input.board,
    meetingDate: input.meetingDate,
    counts,
    red: mine.filter((a) => a.brag === 'red').map(fact),
    overdue: mine.flatMap((a) => {
      const days = daysOverdue(a, input.today);
      return days === undefined ? [] : [{ ...fact(a), daysOverdue: days }];
    }),
    bluesWaiting,
    escalations: input.escalations.filter((e) => refs.has(e.ref) && e.state !== 'resolved'),
  };
}

/** The actions a board's meeting covers: those of every group reporting to it, and its own. */
export function boardScopeGroups(board: Group, groups: readonly Group[]): Group[] {
  return [board, ...groupsReportingTo(board, groups)];
}
