/**
 * The table layer every repository uses. It owns the mapping of a typed value to one
 * table entity (the value as JSON, split across properties when it passes the 32K-character
 * property limit), and the translation of service errors: 404 means absent (undefined),
 * 412 becomes ConflictError, 409 on insert becomes AlreadyExistsError.
 *
 * The stored JSON is ASCII: every character above U+007F is written as a JSON \uXXXX
 * escape. The embedded Azurite joins a request body's 64 KiB chunks as strings, so a
 * multi-byte character split across two chunks would be stored as U+FFFD
 * (Azure/Azurite#2670); an ASCII body has no such characters to split. (Keys keep their
 * characters, but they lead the body, far inside its first chunk.) JSON.parse reads
 * escaped and unescaped rows alike, so rows written before this are still read. The cost:
 * a non-ASCII character takes six characters of a row's 1 MiB instead of one.
 */
import { TableClient, TableServiceClient, type TransactionAction, type TableEntity } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { AlreadyExistsError, ConflictError, StorageUnavailableError, statusOf } from './errors';
import { odataString } from './keys';

const CHUNK = 30000;
const MAX_BATCH = 100;

export type StorageTarget =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'endpoint'; url: string; credential: TokenCredential };

export interface Stored<T> {
  value: T;
  etag: string;
  partitionKey: string;
  rowKey: string;
}

export type BatchOp<T> =
  | { op: 'upsert'; rowKey: string; value: T }
  | { op: 'insert'; rowKey: string; value: T }
  /** Replaces the row only if it still carries `etag`. */
  | { op: 'update'; rowKey: string; value: T; etag: string }
  | { op: 'delete'; rowKey: string };

type Entity = TableEntity<Record<string, unknown>>;

/** Every UTF-16 code unit outside ASCII, surrogate halves included (JSON escapes pairs as two). */
const NON_ASCII = /[\u0080-\uffff]/g;

/** JSON.stringify with every non-ASCII character escaped; JSON.parse gives back the same value. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function toEntity<T>(partitionKey: string, rowKey: string, value: T): Entity {
  const json = asciiJson(value);
  const entity: Entity = { partitionKey, rowKey, chunks: Math.max(1, Math.ceil(json.length / CHUNK)) };
  for (let i = 0; i * CHUNK < json.length || i === 0; i++) {
    entity[`v${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  }
  return entity;
}

function fromEntity<T>(entity: Record<string, unknown>): T {
  const chunks = Number(entity.chunks ?? 1);
  let json = '';
  for (let i = 0; i < chunks; i++) json += String(entity[`v${i}`] ?? '');
  return JSON.parse(json) as T;
}

function transactionAction<T>(partitionKey: string, op: BatchOp<T>): TransactionAction {
  if (op.op === 'delete') return ['delete', { partitionKey, rowKey: op.rowKey }];
  if (op.op === 'insert') return ['create', toEntity(partitionKey, op.rowKey, op.value)];
  if (op.op === 'update') return ['update', toEntity(partitionKey, op.rowKey, op.value), 'Replace', { etag: op.etag }];
  return ['upsert', toEntity(partitionKey, op.rowKey, op.value), 'Replace'];
}

export class Table<T> {
  constructor(
    readonly name: string,
    private readonly client: TableClient,
  ) {}

  async get(partitionKey: string, rowKey: string): Promise<Stored<T> | undefined> {
    try {
      const entity = await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
      return { value: fromEntity<T>(entity), etag: entity.etag, partitionKey, rowKey };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** Inserts a new row; throws AlreadyExistsError when the key is taken. Returns the ETag. */
  async insert(partitionKey: string, rowKey: string, value: T): Promise<string> {
    try {
      const res = await this.client.createEntity(toEntity(partitionKey, rowKey, value));
      return res.etag ?? '';
    } catch (err) {
      if (statusOf(err) === 409) throw new AlreadyExistsError(this.name, partitionKey, rowKey);
      throw err;
    }
  }

  async upsert(partitionKey: string, rowKey: string, value: T): Promise<string> {
    const res = await this.client.upsertEntity(toEntity(partitionKey, rowKey, value), 'Replace');
    return res.etag ?? '';
  }

  /** Replaces a row only if it still carries `etag`; throws ConflictError otherwise. */
  async replace(partitionKey: string, rowKey: string, value: T, etag: string): Promise<string> {
    try {
      const res = await this.client.updateEntity(toEntity(partitionKey, rowKey, value), 'Replace', { etag });
      return res.etag ?? '';
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new ConflictError(this.name, partitionKey, rowKey);
      throw err;
    }
  }

  /** Deletes a row; with an ETag only that version. Returns false when it was already gone. */
  async delete(partitionKey: string, rowKey: string, etag?: string): Promise<boolean> {
    try {
      await this.client.deleteEntity(partitionKey, rowKey, etag ? { etag } : undefined);
      return true;
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return false;
      if (status === 412) throw new ConflictError(this.name, partitionKey, rowKey);
      throw err;
    }
  }

  /**
   * Rows of one partition in key order, optionally within [from, to) and up to `limit`.
   * Every query names its partition: nothing here scans a table.
   */
  list(partitionKey: string, range: { from?: string; to?: string; limit?: number } = {}): Promise<Stored<T>[]> {
    const clauses = [`PartitionKey eq ${odataString(partitionKey)}`];
    if (range.from !== undefined) clauses.push(`RowKey ge ${odataString(range.from)}`);
    if (range.to !== undefined) clauses.push(`RowKey lt ${odataString(range.to)}`);
    return this.query(clauses.join(' and '), range.limit);
  }

  /** Rows of every partition whose key is in [from, to), in key order (a partition-range query), up to `limit`. */
  listPartitions(from: string, to: string, limit?: number): Promise<Stored<T>[]> {
    return this.query(`PartitionKey ge ${odataString(from)} and PartitionKey lt ${odataString(to)}`, limit);
  }

  /** The rows a filter selects, in key order, read a page at a time, up to `limit`. */
  private async query(filter: string, limit?: number): Promise<Stored<T>[]> {
    const out: Stored<T>[] = [];
    const pages = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: limit ? Math.min(limit, 1000) : 1000 });
    for await (const page of pages) {
      for (const entity of page) {
        out.push({ value: fromEntity<T>(entity), etag: entity.etag, partitionKey: entity.partitionKey as string, rowKey: entity.rowKey as string });
        if (limit && out.length >= limit) return out;
      }
    }
    return out;
  }

  /** Rows whose row key starts with `prefix`. */
  listPrefix(partitionKey: string, prefix: string, limit?: number): Promise<Stored<T>[]> {
    return this.list(partitionKey, { from: prefix, to: prefix + '\uffff', limit });
  }

  /**
   * Applies operations to one partition in transactions of at most 100. Each chunk is
   * atomic; an insert that collides fails its chunk with AlreadyExistsError.
   */
  async batch(partitionKey: string, ops: BatchOp<T>[]): Promise<void> {
    for (let i = 0; i < ops.length; i += MAX_BATCH) {
      const chunk = ops.slice(i, i + MAX_BATCH);
      try {
        await this.transaction(partitionKey, chunk);
      } catch (err) {
        // A delete of a missing row fails the whole chunk; fall back to one by one.
        if (statusOf(err) === 404 && chunk.every((op) => op.op === 'delete')) {
          for (const op of chunk) await this.delete(partitionKey, op.rowKey);
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * Applies up to 100 operations to one partition as one transaction: all of them or none.
   * Answers each operation's new ETag (empty for a delete). An insert that collides fails
   * it with AlreadyExistsError; an ETag-guarded update whose row changed or went, with
   * ConflictError.
   */
  async transaction(partitionKey: string, ops: BatchOp<T>[]): Promise<string[]> {
    if (ops.length === 0 || ops.length > MAX_BATCH) throw new Error(`A transaction holds 1 to ${MAX_BATCH} operations, not ${ops.length}.`);
    try {
      const res = await this.client.submitTransaction(ops.map((op) => transactionAction(partitionKey, op)));
      // The service answers a transaction's operations in the order they were sent.
      return ops.map((op, i) => (op.op === 'delete' ? '' : (res.subResponses[i]?.etag ?? '')));
    } catch (err) {
      const status = statusOf(err);
      const first = (kind: BatchOp<T>['op']) => ops.find((op) => op.op === kind)?.rowKey ?? ops[0]!.rowKey;
      if (status === 409) throw new AlreadyExistsError(this.name, partitionKey, first('insert'));
      if (status === 412) throw new ConflictError(this.name, partitionKey, first('update'));
      // Without deletes, only an ETag-guarded update can miss its row: it changed (went) since it was read.
      if (status === 404 && ops.every((op) => op.op !== 'delete')) throw new ConflictError(this.name, partitionKey, first('update'));
      throw err;
    }
  }

  /** Deletes every row of a partition. */
  async clearPartition(partitionKey: string): Promise<void> {
    const rows = await this.list(partitionKey);
    await this.batch(
      partitionKey,
      rows.map((r) => ({ op: 'delete', rowKey: r.rowKey })),
    );
  }
}

export class TableStore {
  private readonly tables = new Map<string, Table<unknown>>();
  private readonly service: TableServiceClient;

  constructor(
    private readonly target: StorageTarget,
    readonly prefix: string,
  ) {
    this.service =
      target.kind === 'connectionString'
        ? TableServiceClient.fromConnectionString(target.connectionString, { allowInsecureConnection: true })
        : new TableServiceClient(target.url, target.credential);
  }

  private client(tableName: string): TableClient {
    return this.target.kind === 'connectionString'
      ? TableClient.fromConnectionString(this.target.connectionString, tableName, { allowInsecureConnection: true })
      : new TableClient(this.target.url, tableName, this.target.credential);
  }

  table<T>(shortName: string): Table<T> {
    const name = `${this.prefix}${shortName}`;
    let table = this.tables.get(name);
    if (!table) {
      table = new Table<unknown>(name, this.client(name));
      this.tables.set(name, table);
    }
    return table as Table<T>;
  }

  /** The same storage under another table prefix (a scratch copy, as a dry run uses). */
  withPrefix(prefix: string): TableStore {
    return new TableStore(this.target, prefix);
  }

  /** Deletes the named tables under this prefix (a scratch copy's, when done with it). */
  async dropTables(shortNames: readonly string[]): Promise<void> {
    await Promise.all(
      shortNames.map(async (short) => {
        try {
          await this.service.deleteTable(`${this.prefix}${short}`);
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
  }

  /** Creates every named table that does not exist yet. */
  async ensureTables(shortNames: readonly string[]): Promise<void> {
    await Promise.all(
      shortNames.map(async (short) => {
        try {
          await this.service.createTable(`${this.prefix}${short}`);
        } catch (err) {
          if (statusOf(err) !== 409) throw err;
        }
      }),
    );
  }

  /** Answers whether storage responds; used by /healthz. */
  async ping(): Promise<void> {
    try {
      const iter = this.service.listTables().byPage({ maxPageSize: 1 });
      await iter.next();
    } catch (err) {
      throw new StorageUnavailableError(err);
    }
  }
}
