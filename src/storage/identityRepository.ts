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

export interface Identity {
  email: string;
  name?: string;
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

export class IdentityRepository {
  private readonly table: Table<Row>;

  constructor(store: TableStore) {
    this.table = store.table('Identities');
  }

  async get(email: string): Promise<Identity | undefined> {
    const row = await this.table.get('user', encodeKey(email.toLowerCase()));
    return row && !('aadLink' in row.value) ? row.value : undefined;
  }

  async emailOfAad(aadObjectId: string): Promise<string | undefined> {
    return (await this.table.get('aad', encodeKey(aadObjectId)))?.value.email;
  }

  /** Merges what is known of a user into their identity row. */
  async merge(email: string, change: Partial<Identity>): Promise<Identity> {
    const key = encodeKey(email.toLowerCase());
    const next = await retryOnConflict(async () => {
      const row = await this.table.get('user', key);
      const current: Identity =
        row && !('aadLink' in row.value) ? row.value : { email: email.toLowerCase(), reachable: true };
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
