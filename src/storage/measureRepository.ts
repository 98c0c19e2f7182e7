/**
 * Impact measures and their recorded values. A plan's measures are one partition; a measure's
 * values are another, one row per period, so a value is recorded once per period and its
 * history is one partition query. The import replaces the measures but only adds values:
 * what owners recorded is never overwritten by a file.
 */
import type { Measure, RecordedMeasureValue } from '../measures/model';
import { AlreadyExistsError, ConflictError } from './errors';
import { compositeKey } from './keys';
import type { Table, TableStore } from './tableStore';

/** `recordedBy` of a value that came from the plan's file. */
export const IMPORTED = 'import';

const valuesPartition = (planId: string, measureId: string) => compositeKey(planId, measureId);

export class MeasureRepository {
  private readonly measures: Table<Measure>;
  private readonly values: Table<RecordedMeasureValue>;

  constructor(store: TableStore) {
    this.measures = store.table('Measures');
    this.values = store.table('MeasureValues');
  }

  async list(planId: string): Promise<Measure[]> {
    return (await this.measures.list(planId)).map((r) => r.value);
  }

  async get(planId: string, measureId: string): Promise<Measure | undefined> {
    return (await this.measures.get(planId, measureId))?.value;
  }

  /** Makes the plan's measures exactly these; values of a measure no longer listed are kept. */
  async replaceAll(planId: string, measures: readonly Measure[]): Promise<void> {
    const keep = new Set(measures.map((m) => m.id));
    const stored = await this.measures.list(planId);
    await Promise.all(measures.map((m) => this.measures.upsert(planId, m.id, m)));
    await Promise.all(stored.filter((r) => !keep.has(r.rowKey)).map((r) => this.measures.delete(planId, r.rowKey)));
  }

  /** A measure's values, oldest period label first. */
  async listValues(planId: string, measureId: string): Promise<RecordedMeasureValue[]> {
    return (await this.values.list(valuesPartition(planId, measureId))).map((r) => r.value);
  }

  async getValue(planId: string, measureId: string, period: string): Promise<RecordedMeasureValue | undefined> {
    return (await this.values.get(valuesPartition(planId, measureId), period))?.value;
  }

  /**
   * A value the plan's file gives: recorded when the period has none, and replacing one only
   * an earlier import recorded. A value an owner recorded stands against the file.
   */
  async recordImported(value: RecordedMeasureValue): Promise<'created' | 'updated' | 'kept'> {
    const partition = valuesPartition(value.planId, value.measureId);
    const stored = await this.values.get(partition, value.period);
    if (!stored) return (await this.addValueIfAbsent(value)) ? 'created' : 'kept';
    if (stored.value.recordedBy !== IMPORTED || stored.value.value === value.value) return 'kept';
    await this.values.replace(partition, value.period, value, stored.etag);
    return 'updated';
  }

  /** Records a value unless the period has one; answers whether it was recorded. */
  async addValueIfAbsent(value: RecordedMeasureValue): Promise<boolean> {
    const partition = valuesPartition(value.planId, value.measureId);
    try {
      await this.values.insert(partition, value.period, value);
      return true;
    } catch (err) {
      if (err instanceof AlreadyExistsError) return false;
      throw err;
    }
  }

  /**
   * A value an owner (or their delegate) gave through a form: recorded for its period,
   * replacing an earlier value (a correction). The same form sent again (its submissionId)
   * records nothing and answers with the value it recorded.
   */
  async recordSubmitted(value: RecordedMeasureValue): Promise<{ value: RecordedMeasureValue; duplicate: boolean }> {
    const partition = valuesPartition(value.planId, value.measureId);
    for (let attempt = 0; ; attempt++) {
      const stored = await this.values.get(partition, value.period);
      if (stored && value.submissionId && stored.value.submissionId === value.submissionId) return { value: stored.value, duplicate: true };
      try {
        if (stored) await this.values.replace(partition, value.period, value, stored.etag);
        else await this.values.insert(partition, value.period, value);
        return { value, duplicate: false };
      } catch (err) {
        // Someone recorded the period between the read and the write: read it again and decide.
        if (!(err instanceof AlreadyExistsError || err instanceof ConflictError) || attempt >= 3) throw err;
      }
    }
  }
}
