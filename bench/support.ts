/**
 * Shared set-up for the scheduler benchmarks: an in-memory Azurite, a store, the connector
 * stand-in and the real botbuilder transport, and plans written straight through the
 * repositories (fast, and independent of the import format).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createBotTransport } from '../bot/proactive/botTransport';
import type { Action, Group, Person, Plan } from '../src/domain/model';
import { DEFAULT_PLAN_SETTINGS } from '../src/domain/model';
import { azuriteConnectionString, AZURITE_ACCOUNT } from '../src/storage/azurite';
import { projectRoot } from '../src/util/projectRoot';
import { Store } from '../src/storage/store';
import { TableStore } from '../src/storage/tableStore';
import { mapLimit } from '../src/util/async';
import { createAdapter } from '../bot/adapter';
import { startConnector, type Connector } from '../test/support/connector';

/**
 * Azurite in its own process, as Table Storage is in a deployment: in-process it would share
 * the sender's event loop and the benchmark would measure Azurite's CPU, not the scheduler.
 */
async function startAzuriteProcess(): Promise<{ connectionString: string; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  const bin = path.join(projectRoot(), 'node_modules', '.bin', 'azurite-table');
  const child: ChildProcess = spawn(bin, ['--tableHost', '127.0.0.1', '--tablePort', String(port), '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`Azurite exited with code ${code} before it was ready.`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('successfully started')) resolve();
    });
  });
  return {
    connectionString: azuriteConnectionString(`http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`),
    stop: async () => {
      child.kill();
    },
  };
}

/** The table prefix of the benchmark store (a process started by a benchmark uses it too). */
export const BENCH_TABLE_PREFIX = 'bench';

export interface BenchRig {
  azurite: { connectionString: string; stop(): Promise<void> };
  store: Store;
  connector: Connector;
  transport: ReturnType<typeof createBotTransport>;
  close(): Promise<void>;
}

export async function startBenchRig(): Promise<BenchRig> {
  const azurite = await startAzuriteProcess();
  const store = await new Store(new TableStore({ kind: 'connectionString', connectionString: azurite.connectionString }, BENCH_TABLE_PREFIX)).init();
  const connector = await startConnector();
  const adapter = createAdapter({ MicrosoftAppType: 'MultiTenant' });
  return {
    azurite,
    store,
    connector,
    transport: createBotTransport(adapter, ''),
    async close() {
      await connector.close();
      await azurite.stop();
    },
  };
}

export const emailOf = (i: number) => `lead${i}@bench.example`;

export interface PlanShape {
  planId: string;
  people: number;
  groups: Group[];
  actions: Action[];
}

export function benchGroup(planId: string, id: string, nextMeeting: string, chairId: string): Group {
  return { planId, id, name: `Group ${id}`, kind: 'taskAndFinish', chairId, cadenceDays: 21, nextMeeting, extra: {} };
}

export function benchAction(planId: string, ref: string, groupId: string, leadId: string, due: string): Action {
  return {
    planId,
    ref,
    area: 1,
    groupId,
    text: `Benchmark action ${ref}: keep the plan moving with a short narrative of what is happening.`,
    leadIds: [leadId],
    leadStrings: [leadId],
    start: '2023-09-01',
    due,
    importedStatus: 'unrated',
    brag: 'amber',
    updateCount: 0,
    extra: {},
  };
}

/** Writes a plan, its people (each with a personal conversation on the connector) and its actions. */
export async function writePlan(rig: BenchRig, shape: PlanShape): Promise<void> {
  const { store } = rig;
  const plan: Plan = { id: shape.planId, name: `Bench ${shape.planId}`, settings: DEFAULT_PLAN_SETTINGS, importedAt: '2024-01-01T00:00:00Z', sourceHash: shape.planId };
  await store.plans.savePlan(plan);
  for (const g of shape.groups) await store.plans.saveGroup(g);
  const people: Person[] = Array.from({ length: shape.people }, (_, i) => ({
    planId: shape.planId, id: emailOf(i), name: `Lead ${i}`, email: emailOf(i), admin: false, leadStrings: [emailOf(i)], extra: {},
  }));
  await store.plans.savePeople(shape.planId, people);
  await mapLimit(people, 32, (p) =>
    store.identities.merge(p.email, {
      reachable: true,
      conversation: { serviceUrl: rig.connector.serviceUrl, channelId: 'msteams', conversation: { id: `a:${p.id}` }, bot: { id: '28:bench' }, user: { id: `29:${p.id}` } },
    }),
  );
  await store.plans.saveActionsBulk(shape.planId, shape.actions, new Map(), []);
}
