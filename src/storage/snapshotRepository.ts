/**
 * Snapshots. Per-cycle BRAG snapshots: when a group's cycle closes, every action of the group is recorded
 * with its rating, due date and whether it was answered, keyed by group and meeting date. They
 * answer "what moved since the last cycle" and feed the trend charts and arrows of the exports.
 *
 * Report snapshots: the facts of a board's report for a meeting as they were when the report
 * was produced, kept once, so that a past meeting's report stays as it was (table
 * ReportSnapshots, partition plan and board, row the meeting date).
 */
import type { Rating } from '../domain/brag';
import { AlreadyExistsError } from './errors';
import { compositeKey } from './keys';
import type { Table, TableStore } from './tableStore';

export interface SnapshotEntry {
  brag: Rating;
  /** Whether the action was answered in that cycle (undefined: the lead was not asked). */
  answered?: boolean;
  due?: string;
}

export interface GroupSnapshot {
  planId: string;
  groupId: string;
  meetingDate: string;
  takenAt: string;
  actions: Record<string, SnapshotEntry>;
}

/** A report's facts as they were when it was produced for a meeting. */
export interface ReportSnapshot<T = unknown> {
  planId: string;
  /** The board (or group) the report is for. */
  groupId: string;
  meetingDate: string;
  /** Which report: the exception report, or a progress report. */
  report: 'exceptions' | 'progress';
  takenAt: string;
  facts: T;
}

const partition = (planId: string, groupId: string) => compositeKey(planId, groupId);

export class SnapshotRepository {
  private readonly table: Table<GroupSnapshot>;
  private readonly reports: Table<ReportSnapshot>;

  constructor(store: TableStore) {
    this.table = store.table('BragSnapshots');
    this.reports = store.table('ReportSnapshots');
  }

  /** Keeps a report's facts for its meeting; false, keeping the first, when one was kept already. */
  async keepReport(snapshot: ReportSnapshot): Promise<boolean> {
    try {
      await this.reports.insert(partition(snapshot.planId, snapshot.groupId), snapshot.meetingDate, snapshot);
      return true;
    } catch (err) {
      if (err instanceof AlreadyExistsError) return false;
      throw err;
    }
  }

  /** The report kept for a meeting, if any; the caller knows the shape of its facts. */
  async getReport<T>(planId: string, groupId: string, meetingDate: string): Promise<ReportSnapshot<T> | undefined> {
    return (await this.reports.get(partition(planId, groupId), meetingDate))?.value as ReportSnapshot<T> | undefined;
  }

  /** Writes (or rewrites, on a re-run of the close) one cycle's snapshot. */
  async save(snapshot: GroupSnapshot): Promise<void> {
    await this.table.upsert(partition(snapshot.planId, snapshot.groupId), snapshot.meetingDate, snapshot);
  }

  async get(planId: string, groupId: string, meetingDate: string): Promise<GroupSnapshot | undefined> {
    return (await this.table.get(partition(planId, groupId), meetingDate))?.value;
  }

  /** A group's snapshots, oldest first. */
  async listForGroup(planId: string, groupId: string): Promise<GroupSnapshot[]> {
    return (await this.table.list(partition(planId, groupId))).map((r) => r.value);
  }

  /** The latest snapshot before a meeting date, if any. */
  async previous(planId: string, groupId: string, meetingDate: string): Promise<GroupSnapshot | undefined> {
    const rows = await this.table.list(partition(planId, groupId), { to: meetingDate });
    return rows[rows.length - 1]?.value;
  }
}
