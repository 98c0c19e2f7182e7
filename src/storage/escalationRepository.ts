/**
 * Escalation storage. Per plan one partition: each escalation (e~id) and, while it is not
 * resolved, a copy in the plan's unresolved list (o~id), written in the same transaction, so
 * "what is open" reads a short list instead of the plan's whole history. State changes use
 * the escalation's ETag.
 */
import { changeEscalationState, climbEscalation, EscalationStateError, type Climb, type StateChange } from '../domain/escalation';
import type { Escalation } from '../domain/model';
import { AlreadyExistsError } from './errors';
import { encodeKey } from './keys';
import type { Stored, Table, TableStore } from './tableStore';

const mainKey = (id: string) => `e~${encodeKey(id)}`;
const openKey = (id: string) => `o~${encodeKey(id)}`;

export class EscalationRepository {
  private readonly table: Table<Escalation>;

  constructor(store: TableStore) {
    this.table = store.table('Escalations');
  }

  async get(planId: string, id: string): Promise<Stored<Escalation> | undefined> {
    return this.table.get(encodeKey(planId), mainKey(id));
  }

  /**
   * Stores a new escalation. Answers `created: false` with the stored one when the id (which
   * derives from the cause) exists already.
   */
  async insert(escalation: Escalation): Promise<{ escalation: Escalation; created: boolean }> {
    const pk = encodeKey(escalation.planId);
    try {
      await this.table.batch(pk, [
        { op: 'insert', rowKey: mainKey(escalation.id), value: escalation },
        { op: 'upsert', rowKey: openKey(escalation.id), value: escalation },
      ]);
      return { escalation, created: true };
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      const existing = await this.get(escalation.planId, escalation.id);
      if (!existing) throw err;
      return { escalation: existing.value, created: false };
    }
  }

  /** Every escalation of a plan, resolved ones too (one partition read). */
  async listAll(planId: string): Promise<Escalation[]> {
    return (await this.table.listPrefix(encodeKey(planId), 'e~')).map((r) => r.value);
  }

  /** Unresolved escalations of a plan (open and acknowledged, or only open). */
  async listOpen(planId: string, options: { includeAcknowledged?: boolean } = {}): Promise<Escalation[]> {
    const includeAck = options.includeAcknowledged ?? true;
    const rows = await this.table.listPrefix(encodeKey(planId), 'o~');
    return rows.map((r) => r.value).filter((e) => e.state === 'open' || (includeAck && e.state === 'acknowledged'));
  }

  /** Unresolved escalations raised from a group or now handled by it (a board sees what reached it). */
  async listOpenForGroup(planId: string, groupId: string, options: { includeAcknowledged?: boolean } = {}): Promise<Escalation[]> {
    return (await this.listOpen(planId, options)).filter((e) => e.groupId === groupId || e.targetGroupId === groupId);
  }

  /** Unresolved escalations per action ref. */
  async countOpenPerRef(planId: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const e of await this.listOpen(planId)) counts.set(e.ref, (counts.get(e.ref) ?? 0) + 1);
    return counts;
  }

  /**
   * Moves an escalation nobody acknowledged up to `targetGroupId`, under `etag`; the group it
   * leaves is added to climbedFrom. Changing one no longer open is refused.
   */
  async climb(planId: string, id: string, to: Climb, etag: string): Promise<Escalation> {
    const row = await this.get(planId, id);
    if (!row) throw new EscalationStateError(`There is no escalation ${id} in plan ${planId}.`);
    const next = climbEscalation(row.value, to);
    const pk = encodeKey(planId);
    await this.table.replace(pk, mainKey(id), next, etag);
    await this.table.upsert(pk, openKey(id), next);
    return next;
  }

  /**
   * Acknowledges or resolves. With `etag`, only that version changes (ConflictError otherwise).
   * Acknowledging twice is harmless; changing a resolved escalation is refused.
   */
  async setState(planId: string, id: string, change: StateChange, etag?: string): Promise<Escalation> {
    const row = await this.get(planId, id);
    if (!row) throw new EscalationStateError(`There is no escalation ${id} in plan ${planId}.`);
    const current = row.value;
    const next = changeEscalationState(current, change);
    if (next === current) return current;
    const pk = encodeKey(planId);
    await this.table.replace(pk, mainKey(id), next, etag ?? row.etag);
    if (next.state === 'resolved') await this.table.delete(pk, openKey(id));
    else await this.table.upsert(pk, openKey(id), next);
    return next;
  }
}
