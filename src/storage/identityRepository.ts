/**
 * Teams identities across plans: a user's AAD object id, their personal conversation
 * reference (refreshed on every activity) and whether the bot can still reach them.
 */
import type { ConversationRef } from '../domain/model';
import type { UnreachableCause } from '../reach/reachability';
import { encodeKey } from './keys';
import type { Table, TableStore } from './tableStore';
import { retryOnConflict } from './retry';
import { AlreadyExistsError, ConflictError } from './errors';
import { mapLimit } from '../util/async';

export interface Identity {
  email: string;
  name?: string;
  /** The directory's given name, from Teams (a turn) or Graph (reaching them), for greetings: a display name is often a role. */
  givenName?: string;
  aadObjectId?: string;
  teamsUserId?: string;
  conversation?: ConversationRef;
  reachable: boolean;
  unreachableReason?: string;
  /** Why, as a value the digest and `planpulse reach` put into words. */
  unreachableCause?: UnreachableCause;
  /** Set when mail to the person's address bounced: why (Teams reachability is apart). */
  emailUnreachable?: string;
  lastSeenAt?: string;
}

type Row = Identity | { email: string; aadLink: true };

/** Above this many addresses, getMany reads the partition instead of each row. */
const POINT_READS_AT_MOST = 64;

export class IdentityRepository {
  private readonly table: Table<Row>;

  constructor(store: TableStore) {
    this.table = store.table('Identities');
  }

  async get(email: string): Promise<Identity | undefined> {
    const row = await this.table.get('user', encodeKey(email.toLowerCase()));
    return row && !('aadLink' in row.value) ? row.value : undefined;
  }

  /**
   * The identities of many addresses at once, by lower-cased address: point reads for a few;
   * for more than POINT_READS_AT_MOST, one read of the whole partition (a cycle's recipients:
   * two thousand point reads took two seconds of a tick where a paged query of the partition,
   * which holds one row per person across the deployment's plans, takes a fraction of one).
   */
  async getMany(emails: readonly string[]): Promise<Map<string, Identity>> {
    const wanted = new Set(emails.map((e) => e.toLowerCase()));
    const out = new Map<string, Identity>();
    if (wanted.size > POINT_READS_AT_MOST) {
      for (const row of await this.table.list('user')) {
        const value = row.value;
        if (!('aadLink' in value) && wanted.has(value.email.toLowerCase())) out.set(value.email.toLowerCase(), value);
      }
      return out;
    }
    await mapLimit([...wanted], 16, async (email) => {
      const identity = await this.get(email);
      if (identity) out.set(email, identity);
    });
    return out;
  }

  async emailOfAad(aadObjectId: string): Promise<string | undefined> {
    return (await this.table.get('aad', encodeKey(aadObjectId)))?.value.email;
  }

  /**
   * Erases what is known of a user's Teams identity: their row (Teams id, object id, name,
   * personal chat) and the object-id links to it. Returns whether there was anything.
   */
  async forget(email: string, aadObjectIds: readonly string[] = []): Promise<boolean> {
    const key = encodeKey(email.toLowerCase());
    const row = await this.table.get('user', key);
    const identity = row && !('aadLink' in row.value) ? row.value : undefined;
    const links = new Set([...aadObjectIds, ...(identity?.aadObjectId ? [identity.aadObjectId] : [])]);
    let found = !!row;
    for (const aad of links) {
      const link = await this.table.get('aad', encodeKey(aad));
      // Only links to this address: another person's object id is theirs.
      if (link && link.value.email === email.toLowerCase()) found = (await this.table.delete('aad', encodeKey(aad))) || found;
    }
    if (row) await this.table.delete('user', key);
    return found;
  }

  /** Merges what is known of a user into their identity row. */
  async merge(email: string, change: Partial<Identity>): Promise<Identity> {
    const key = encodeKey(email.toLowerCase());
    const next = await retryOnConflict(async () => {
      const row = await this.table.get('user', key);
      const current: Identity = row && !('aadLink' in row.value) ? row.value : { email: email.toLowerCase(), reachable: true };
      const merged: Identity = { ...current, ...change, email: email.toLowerCase() };
      if (row) await this.table.replace('user', key, merged, row.etag);
      else {
        try {
          await this.table.insert('user', key, merged);
        } catch (err) {
          // Someone created the row between our read and insert: treat it as a conflict and re-read.
          if (err instanceof AlreadyExistsError) throw new ConflictError(this.table.name, 'user', key);
          throw err;
        }
      }
      return merged;
    });
    if (change.aadObjectId) {
      await this.table.upsert('aad', encodeKey(change.aadObjectId), { email: email.toLowerCase(), aadLink: true });
    }
    return next;
  }
}
