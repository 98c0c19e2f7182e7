/**
 * Evidence and co-production: progress updates counted by evidence source, and how many say how
 * children, young people and families were involved (a non-blank "voice"). Decision rows (a
 * chair approving a date, confirming a blue) are not progress updates and are not counted. The
 * one rule (addUpdates) serves the board paper and the board's report; each passes its window.
 *
 * For the board paper, a window is each group's last cycle:
 * the cadence_days up to today, so the window exists before the group's first meeting closes.
 * Only actions updated inside the window have their history read, and then only the updates
 * since its start.
 */
import { EVIDENCE_TYPES, type EvidenceType, type Update } from '../domain/model';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import { addDays } from '../calendar';
import type { PlanReport } from './plan';

export interface EvidenceSummary {
  updates: number;
  /** Updates that say how children, young people and families were involved. */
  withVoice: number;
  counts: Record<EvidenceType, number>;
}

export interface GroupEvidence extends EvidenceSummary {
  groupId: string;
  /** The first day of the group's last cycle (YYYY-MM-DD). */
  since: string;
}

export interface PlanEvidence {
  plan: EvidenceSummary;
  groups: GroupEvidence[];
}

export const emptyEvidence = (): EvidenceSummary => ({
  updates: 0,
  withVoice: 0,
  counts: Object.fromEntries(EVIDENCE_TYPES.map((t) => [t, 0])) as Record<EvidenceType, number>,
});

export const saysHowFamiliesWereInvolved = (u: Update): boolean => (u.voice ?? '').trim() !== '';

export function addUpdates(summary: EvidenceSummary, updates: readonly Update[]): void {
  for (const u of updates) {
    if (u.decision) continue;
    summary.updates++;
    if (saysHowFamiliesWereInvolved(u)) summary.withVoice++;
    for (const e of u.evidence) summary.counts[e]++;
  }
}

export async function loadEvidence(store: Store, report: PlanReport): Promise<PlanEvidence> {
  const groups = report.groups
    .filter((g) => report.rows.some((r) => r.action.groupId === g.id))
    .map((g): GroupEvidence => ({ groupId: g.id, since: addDays(report.today, -g.cadenceDays), ...emptyEvidence() }));
  const byId = new Map(groups.map((g) => [g.groupId, g]));
  const due = report.rows.flatMap((row) => {
    const group = byId.get(row.action.groupId);
    const since = group ? `${group.since}T00:00:00.000Z` : undefined;
    return group && since && row.action.lastUpdateAt && row.action.lastUpdateAt >= since ? [{ row, group, since }] : [];
  });
  const histories = await mapLimit(due, 16, ({ row, since }) => store.updates.historySince(report.plan.id, row.action.ref, since));
  due.forEach(({ group }, i) => addUpdates(group, histories[i]!));
  const plan = emptyEvidence();
  for (const g of groups) {
    plan.updates += g.updates;
    plan.withVoice += g.withVoice;
    for (const t of EVIDENCE_TYPES) plan.counts[t] += g.counts[t];
  }
  return { plan, groups };
}
