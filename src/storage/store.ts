/**
 * The store: one object holding every repository over one TableStore, and the
 * connection logic (a connection string, a table endpoint with managed identity,
 * or the embedded Azurite when neither is configured).
 */
import path from 'node:path';
import type { Config } from '../config/config';
import { describeHolder, openSharedStore, type SharedStore, type StoreLock, type StoreRole } from './embeddedStore';
import { StorageUnavailableError } from './errors';
import { IdentityRepository } from './identityRepository';
import { PlanRepository } from './planRepository';
import { TableStore, type StorageTarget } from './tableStore';
import { TABLES } from './tables';
import { PersonEraser, type Forgetting } from './forgetting';
import { UpdateRepository } from './updateRepository';
import { CycleRepository } from './cycleRepository';
import { OutboxRepository } from './outboxRepository';
import { EscalationRepository } from './escalationRepository';
import { LeaseRepository } from './leaseRepository';
import { SnapshotRepository } from './snapshotRepository';
import { ResponseLinkRepository } from './responseLinkRepository';
import { CapturedMailRepository } from './capturedMailRepository';
import { MeasureRepository } from './measureRepository';

export class Store {
  readonly plans: PlanRepository;
  readonly updates: UpdateRepository;
  readonly identities: IdentityRepository;
  readonly cycles: CycleRepository;
  readonly outbox: OutboxRepository;
  readonly escalations: EscalationRepository;
  readonly leases: LeaseRepository;
  readonly snapshots: SnapshotRepository;
  readonly responseLinks: ResponseLinkRepository;
  readonly capturedMail: CapturedMailRepository;
  readonly measures: MeasureRepository;

  constructor(readonly tables: TableStore) {
    this.plans = new PlanRepository(tables);
    this.updates = new UpdateRepository(tables, this.plans);
    this.identities = new IdentityRepository(tables);
    this.cycles = new CycleRepository(tables);
    this.outbox = new OutboxRepository(tables);
    this.escalations = new EscalationRepository(tables);
    this.leases = new LeaseRepository(tables);
    this.snapshots = new SnapshotRepository(tables);
    this.responseLinks = new ResponseLinkRepository(tables);
    this.capturedMail = new CapturedMailRepository(tables);
    this.measures = new MeasureRepository(tables);
  }

  /** Rewrites every row that names a person who has left (planpulse forget-person). */
  personEraser(forgetting: Forgetting): PersonEraser {
    return new PersonEraser(this.tables, forgetting);
  }

  /** Answers when table storage answers (the server's readiness check). */
  async ping(): Promise<void> {
    await this.tables.ping();
  }

  /** Creates the tables this version uses and moves rows an earlier version left where this one reads them; safe to call on every start. */
  async init(): Promise<this> {
    await this.tables.ensureTables(TABLES);
    await this.updates.moveEarlierHistory();
    return this;
  }
}

export interface OpenedStore {
  store: Store;
  /** Where the data lives, for the start-up banner (never includes a key). */
  description: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /**
   * `server` for the long-lived process (`npm start`), `cli` for a command: decides who keeps
   * the embedded store running when both use one data folder (see embeddedStore.ts).
   */
  role?: StoreRole;
  /** Told when the embedded store is held by another process this one must wait for. */
  onWait?: (holder: StoreLock) => void;
}

/**
 * Opens the configured store, using the embedded Azurite when none is configured: the one
 * another Plan Pulse process runs on the same data folder, or one started here. Anything that
 * stops it from answering becomes StorageUnavailableError.
 */
export async function openStore(
  config: Pick<Config, 'STORAGE_CONNECTION_STRING' | 'STORAGE_TABLE_ENDPOINT' | 'PLANPULSE_DATA_DIR' | 'PLANPULSE_TABLE_PREFIX'>,
  options: OpenStoreOptions = {},
): Promise<OpenedStore> {
  let embedded: SharedStore | undefined;
  let where = 'the configured store';
  try {
    let target: StorageTarget;
    let description: string;
    if (config.STORAGE_CONNECTION_STRING) {
      target = { kind: 'connectionString', connectionString: config.STORAGE_CONNECTION_STRING };
      const endpoint = /TableEndpoint=([^;]+)/i.exec(config.STORAGE_CONNECTION_STRING)?.[1];
      const account = /AccountName=([^;]+)/i.exec(config.STORAGE_CONNECTION_STRING)?.[1];
      description = `Azure Table Storage at ${endpoint ?? `account ${account ?? 'from the connection string'}`}`;
    } else if (config.STORAGE_TABLE_ENDPOINT) {
      // Loaded only when used: managed identity is a deployment concern, not a local one.
      const { DefaultAzureCredential } = await import('@azure/identity');
      target = { kind: 'endpoint', url: config.STORAGE_TABLE_ENDPOINT, credential: new DefaultAzureCredential() };
      description = `Azure Table Storage at ${config.STORAGE_TABLE_ENDPOINT} (managed identity)`;
    } else {
      const dataDir = path.resolve(config.PLANPULSE_DATA_DIR);
      where = `the embedded store in ${dataDir}`;
      embedded = await openSharedStore({ dataDir, role: options.role ?? 'cli', onWait: options.onWait });
      target = { kind: 'connectionString', connectionString: embedded.connectionString };
      description = embedded.owner
        ? `embedded Azurite at ${embedded.url} (data in ${dataDir})`
        : `embedded Azurite at ${embedded.url} run by ${describeHolder(embedded.holder)} (data in ${dataDir})`;
    }
    where = description;
    const store = await new Store(new TableStore(target, config.PLANPULSE_TABLE_PREFIX)).init();
    const opened = embedded;
    return {
      store,
      description,
      async close() {
        await opened?.close();
      },
    };
  } catch (err) {
    await embedded?.close();
    throw err instanceof StorageUnavailableError ? err : new StorageUnavailableError(err, where);
  }
}
