/**
 * A scratch copy of one plan: its rows copied into tables under a throw-away prefix in the same
 * storage, handed to `work`, and dropped after, whatever `work` does. Used to ask "what would
 * happen if" (an import's dry run) of the real code without touching the live rows.
 */
import { randomBytes } from 'node:crypto';
import { encodeKey } from './keys';
import { Store } from './store';
import type { Stored } from './tableStore';
import { TABLES, type TableName } from './tables';

/** Partitions of the plan in each table (see tables.ts): exact keys, or every key under a prefix. */
function planPartitions(planId: string): Record<TableName, { exact?: string[]; under?: string; rows?: string[] } | undefined> {
  const pk = encodeKey(planId);
  const under = `${pk}~`;
  return {
    Plans: { exact: ['plan'], rows: [pk] },
    Areas: { exact: [pk] },
    Groups: { exact: [pk] },
    People: { exact: [pk] },
    Actions: { under },
    ActionIndex: { under },
    // Emptied into Actions when the store opens (updateRepository.moveEarlierHistory).
    Updates: undefined,
    Memberships: undefined,
    Identities: { exact: ['user', 'aad'] },
    Cycles: { under },
    Outbox: { exact: [pk] },
    Escalations: { exact: [pk] },
    Leases: undefined,
    BragSnapshots: { under },
    ReportSnapshots: { under },
    // Written when a message is sent or mail captured: a drain that sends nothing needs neither.
    ResponseLinks: undefined,
    CapturedMail: undefined,
    Measures: { exact: [pk] },
    MeasureValues: { under },
  };
}

async function copyPlan(from: Store, to: Store, planId: string): Promise<void> {
  const parts = planPartitions(planId);
  await Promise.all(
    TABLES.map(async (name) => {
      const spec = parts[name];
      if (!spec) return;
      const source = from.tables.table<unknown>(name);
      const target = to.tables.table<unknown>(name);
      const rows: Stored<unknown>[] = [];
      for (const pk of spec.exact ?? []) rows.push(...(await source.list(pk)));
      if (spec.under) rows.push(...(await source.listPartitions(spec.under, `${spec.under}\uffff`)));
      const byPartition = new Map<string, Stored<unknown>[]>();
      for (const row of rows) {
        if (spec.rows && !spec.rows.includes(row.rowKey)) continue;
        const list = byPartition.get(row.partitionKey) ?? [];
        list.push(row);
        byPartition.set(row.partitionKey, list);
      }
      for (const [pk, list] of byPartition) {
        await target.batch(pk, list.map((r) => ({ op: 'upsert' as const, rowKey: r.rowKey, value: r.value })));
      }
    }),
  );
}

export async function withScratchCopyOfPlan<T>(store: Store, planId: string, work: (scratch: Store) => Promise<T>): Promise<T> {
  const scratch = new Store(store.tables.withPrefix(`${store.tables.prefix}dry${randomBytes(4).toString('hex')}`));
  try {
    await scratch.init();
    await copyPlan(store, scratch, planId);
    return await work(scratch);
  } finally {
    await scratch.tables.dropTables(TABLES);
  }
}
