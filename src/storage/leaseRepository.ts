/**
 * The scheduler lease: one row naming its holder and when the hold expires, taken and renewed
 * with the row's ETag, so of several instances exactly one ticks and drains at a time. A holder
 * that dies stops renewing, and the lease is free once its expiry passes.
 */
import type { Clock } from '../domain/clock';
import { AlreadyExistsError, ConflictError } from './errors';
import type { Table, TableStore } from './tableStore';

export interface LeaseRow {
  name: string;
  holder: string;
  expiresAt: string;
  acquiredAt: string;
  /** Given up by its holder: free whatever the clock says (a tick run "as of" an earlier instant must not wait). */
  released?: boolean;
}

export type LeaseResult = { held: true; lease: LeaseRow } | { held: false; holder: string; expiresAt: string };

export class LeaseRepository {
  private readonly table: Table<LeaseRow>;

  constructor(store: TableStore) {
    this.table = store.table('Leases');
  }

  /** Takes the lease, or renews it when `holder` has it already. */
  async acquire(name: string, holder: string, ttlMs: number, clock: Clock): Promise<LeaseResult> {
    const now = clock.now();
    const row = await this.table.get('lease', name);
    const lease: LeaseRow = {
      name,
      holder,
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      acquiredAt: row && row.value.holder === holder ? row.value.acquiredAt : now.toISOString(),
    };
    try {
      if (!row) {
        await this.table.insert('lease', name, lease);
        return { held: true, lease };
      }
      if (row.value.holder !== holder && !row.value.released && new Date(row.value.expiresAt) > now) {
        return { held: false, holder: row.value.holder, expiresAt: row.value.expiresAt };
      }
      await this.table.replace('lease', name, lease, row.etag);
      return { held: true, lease };
    } catch (err) {
      if (err instanceof ConflictError || err instanceof AlreadyExistsError) {
        const winner = await this.table.get('lease', name);
        return { held: false, holder: winner?.value.holder ?? 'unknown', expiresAt: winner?.value.expiresAt ?? now.toISOString() };
      }
      throw err;
    }
  }

  /** Gives the lease up early (only if `holder` still has it). */
  async release(name: string, holder: string, clock: Clock): Promise<void> {
    const row = await this.table.get('lease', name);
    if (!row || row.value.holder !== holder) return;
    try {
      await this.table.replace('lease', name, { ...row.value, expiresAt: clock.now().toISOString(), released: true }, row.etag);
    } catch (err) {
      // Changed since we read it: another instance has taken it over, so there is nothing of ours to release.
      if (!(err instanceof ConflictError)) throw err;
    }
  }

  async current(name: string): Promise<LeaseRow | undefined> {
    return (await this.table.get('lease', name))?.value;
  }
}
