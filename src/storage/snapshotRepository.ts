/**
 * Per-cycle BRAG snapshots: when a group's cycle closes, every action of the group is recorded
 * with its rating, due date and whether it was answered, keyed by group and meeting date. They
 * answer "what moved since the last cycle" and feed the trend charts and arrows of the exports.
 */
import type { Rating } from '../domain/brag';
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

const partition = (planId: string, groupId: string) => compositeKey(planId, groupId);

export class SnapshotRepository {
  private readonly table: Table<GroupSnapshot>;

  constructor(store: TableStore) {
    this.table = store.table('BragSnapshots');
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
