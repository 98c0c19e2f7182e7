/**
 * Cycle state per group and meeting: when it opened, which steps ran, who was asked about
 * what, and at close what each action's answer and rating were (for the digest and for the
 * "two cycles in a row" escalations). Also the marker of each day's chase run.
 */
import type { Rating } from '../domain/brag';
import type { GroupKind } from '../domain/model';
import { compositeKey, encodeKey } from './keys';
import type { Stored, Table, TableStore } from './tableStore';
import type { CycleStep } from '../scheduler/cycleSchedule';

export interface CycleOutcome {
  answered: boolean;
  brag: Rating;
  /**
   * False when no prompt of the cycle reached anyone asked about the action (they could not be
   * reached): not answering a message never received is not a missing update.
   */
  reached?: boolean;
}

export interface CycleState {
  planId: string;
  groupId: string;
  groupKind: GroupKind;
  meetingDate: string;
  openDate: string;
  closeDate: string;
  /** The cycle's scheduled opening instant: an update at or after it answers the cycle. */
  openedAt: string;
  state: 'open' | 'closed';
  stepsDone: CycleStep[];
  /** Person asked (lead, or delegate standing in) → refs. */
  asked: Record<string, string[]>;
  /** Lead → the delegate who was asked instead. */
  delegated: Record<string, string>;
  /** Leads away with no delegate: not asked this cycle (the chair's digest says so). */
  away: string[];
  closedAt?: string;
  /** Closed on a later day than its meeting's close (the scheduler was not running): its reports say so. */
  closedLate?: boolean;
  /** The cycle never opened (no tick ran while it was open); it was still closed, late. */
  neverOpened?: boolean;
  outcome?: Record<string, CycleOutcome>;
}

export interface DailyRun {
  planId: string;
  date: string;
  at: string;
  chased: number;
  /** On a `prune~DATE` row: how many outbox copies were dropped that day. */
  pruned?: number;
}

type Row = CycleState | DailyRun;

const cyclePartition = (planId: string, groupId: string) => compositeKey(planId, groupId);
const dailyPartition = (planId: string) => `${encodeKey(planId)}~~daily`;

export class CycleRepository {
  private readonly table: Table<Row>;

  constructor(store: TableStore) {
    this.table = store.table('Cycles');
  }

  async get(planId: string, groupId: string, meetingDate: string): Promise<Stored<CycleState> | undefined> {
    return (await this.table.get(cyclePartition(planId, groupId), meetingDate)) as Stored<CycleState> | undefined;
  }

  /** Inserts a new cycle; false when another run inserted it first. */
  async insert(cycle: CycleState): Promise<string> {
    return this.table.insert(cyclePartition(cycle.planId, cycle.groupId), cycle.meetingDate, cycle);
  }

  async replace(cycle: CycleState, etag: string): Promise<string> {
    return this.table.replace(cyclePartition(cycle.planId, cycle.groupId), cycle.meetingDate, cycle, etag);
  }

  /** A group's cycles, oldest first. */
  async listForGroup(planId: string, groupId: string): Promise<CycleState[]> {
    return (await this.table.list(cyclePartition(planId, groupId))).map((r) => r.value as CycleState);
  }

  async getDailyRun(planId: string, date: string): Promise<DailyRun | undefined> {
    return (await this.table.get(dailyPartition(planId), date))?.value as DailyRun | undefined;
  }

  async saveDailyRun(run: DailyRun): Promise<void> {
    await this.table.upsert(dailyPartition(run.planId), run.date, run);
  }

  /** Whether the outbox of the plan was pruned on `date` (once a day is enough). */
  async prunedOn(planId: string, date: string): Promise<boolean> {
    return (await this.table.get(dailyPartition(planId), `prune~${date}`)) !== undefined;
  }

  async markPruned(planId: string, date: string, at: string, pruned: number): Promise<void> {
    await this.table.upsert(dailyPartition(planId), `prune~${date}`, { planId, date, at, chased: 0, pruned });
  }
}
