/**
 * Response links as stored: keyed by the SHA-256 of the token, never the token itself, with
 * what the link opens (one person, one plan, one cycle or chase), when it expires and whether
 * it was withdrawn; plus one index row per person so all of a person's links can be revoked.
 */
import { AlreadyExistsError } from './errors';
import { encodeKey } from './keys';
import type { Table, TableStore } from './tableStore';

export interface ResponseLink {
  hash: string;
  planId: string;
  personId: string;
  kind: 'cycle' | 'chase' | 'decisions';
  groupId?: string;
  meetingDate?: string;
  refs: string[];
  issuedAt: string;
  expiresAt: string;
  /** The outbox message that carried it. */
  messageKey: string;
  revokedAt?: string;
}

type Row = ResponseLink | { hash: string; personIndex: true } | { lastWithdrawalAt: string };

const isLink = (row: Row): row is ResponseLink => 'planId' in row;

const LINK_PARTITION = 'link';
/**
 * A row of the links' partition rewritten, in the same transaction, by every withdrawal: its
 * ETag changes whenever any link is withdrawn, so a link read while the ETag was as it is now
 * is still as stored (src/storage/cachedReads.ts). Its key is no SHA-256, so no link has it.
 */
const WITHDRAWALS = 'withdrawals';
const personPartition = (planId: string, personId: string) => `p~${encodeKey(planId)}~${encodeKey(personId.toLowerCase())}`;

export class ResponseLinkRepository {
  readonly table: Table<Row>;

  constructor(store: TableStore) {
    this.table = store.table('ResponseLinks');
  }

  /** Stores a link unless it is stored already (a resend of the same mail keeps its state, even revoked). */
  async record(link: ResponseLink): Promise<ResponseLink> {
    try {
      await this.table.insert(LINK_PARTITION, link.hash, link);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      return (await this.get(link.hash)) ?? link;
    }
    await this.table.upsert(personPartition(link.planId, link.personId), link.hash, { hash: link.hash, personIndex: true });
    return link;
  }

  async get(hash: string): Promise<ResponseLink | undefined> {
    const row = await this.table.get(LINK_PARTITION, hash);
    return row && isLink(row.value) ? row.value : undefined;
  }

  /** Withdraws one link; returns false when there is no such link. */
  async revoke(hash: string, at: Date): Promise<boolean> {
    const row = await this.table.get(LINK_PARTITION, hash);
    if (!row || !isLink(row.value)) return false;
    if (!row.value.revokedAt) {
      const revokedAt = at.toISOString();
      await this.table.transaction(LINK_PARTITION, [
        { op: 'update', rowKey: hash, value: { ...row.value, revokedAt }, etag: row.etag },
        { op: 'upsert', rowKey: WITHDRAWALS, value: { lastWithdrawalAt: revokedAt } },
      ]);
    }
    return true;
  }

  /** Changes whenever a link is withdrawn, anywhere: the ETag of the row each withdrawal rewrites ('' before the first). */
  async withdrawalsMark(): Promise<string> {
    return (await this.table.get(LINK_PARTITION, WITHDRAWALS))?.etag ?? '';
  }

  /** Withdraws every link issued to a person in a plan; returns how many were withdrawn. */
  async revokeForPerson(planId: string, personId: string, at: Date): Promise<number> {
    let count = 0;
    for (const row of await this.table.list(personPartition(planId, personId))) {
      // The person's partition holds their index rows only: each names one link by its hash.
      if (await this.revoke(row.rowKey, at)) count++;
    }
    return count;
  }
}
