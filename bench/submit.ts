/**
 * Submit benchmark: 50 concurrent `update.submit` card actions against the running Plan
 * Pulse server (real HTTP, Azurite, the Plymouth plan), and the same load of messages
 * against a bare botbuilder echo bot on the same restify stack in the same run. Prints
 * `BENCH submit n=N p50_ms=A p99_ms=B rps=R echo_rps=E ratio=R/E echo_p50_ms=C echo_p99_ms=D
 * cpu_ms=S echo_cpu_ms=T`: the echo bot's own latencies show what the machine allows, and the
 * event loop's busy milliseconds per submit and per echo show what each request costs, apart
 * from queueing. BENCH_CONCURRENCY=1 measures one submit at a time (the latency without
 * queueing); BENCH_ROUNDS sets how many bursts of each are measured (n = concurrency x rounds);
 * BENCH_WARM_UP how many requests of each warm the stacks first. Both bots are loaded by the
 * same lean HTTP client (loadClient.ts), and the run fails unless every submit was recorded.
 */
import { loadConfig } from '../src/config/config';
import { systemClock } from '../src/domain/clock';
import { importPlan } from '../src/import';
import { createLogger } from '../src/logging/logger';
import { startAzurite } from '../src/storage/azurite';
import { Store } from '../src/storage/store';
import { TableStore } from '../src/storage/tableStore';
import { startPlanPulse } from '../app/runtime';
import { startConnector } from '../test/support/connector';
import { adaptiveCardInvoke, personalMessage, postActivity } from '../test/support/activities';
import { createLoadClient } from './loadClient';
import { load, percentile, startEchoBot, type Run } from './echo';
import { projectRoot } from '../src/util/projectRoot';
import path from 'node:path';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const WARM_UP_REQUESTS = Number(process.env.BENCH_WARM_UP ?? 1200);

/** Updates recorded across the plan's actions, as their rows count them. */
async function updatesStored(store: Store): Promise<number> {
  return (await store.plans.listActions('plymouth-2023')).reduce((sum, a) => sum + a.updateCount, 0);
}

async function main(): Promise<void> {
  const azurite = await startAzurite();
  const connector = await startConnector();
  const store = await new Store(new TableStore({ kind: 'connectionString', connectionString: azurite.connectionString }, 'bench')).init();
  const imported = await importPlan(store, path.join(projectRoot(), 'fixtures', 'plymouth-2023'), { timeZone: 'Europe/London', planId: 'plymouth-2023', clock: systemClock });
  if (!imported.ok) throw new Error('The fixture plan did not import.');
  const running = await startPlanPulse({
    config: loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off' }),
    logger: createLogger({ level: 'silent' }),
    opened: { store, description: 'bench', close: async () => {} },
  });
  const echo = await startEchoBot();
  try {
    // Leads of distinct actions, each resolved once (as a lead who has chatted before).
    const actions = (await store.plans.listActions('plymouth-2023')).filter((a) => a.brag !== 'green' && a.brag !== 'blue');
    // One Teams user per person, as in a tenant: leads of several actions share theirs.
    const users = new Map<string, { id: string; aadObjectId: string; name: string }>();
    const senders = actions.map((a) => {
      const email = a.leadIds[0]!;
      let user = users.get(email);
      if (!user) {
        const n = users.size;
        user = { id: `29:bench-${n}`, aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: email };
        users.set(email, user);
        connector.addMember('*', { ...user, email, userPrincipalName: email });
      }
      return { ref: a.ref, user };
    });
    const common = (i: number) => ({ serviceUrl: connector.serviceUrl, user: senders[i % senders.length]!.user });
    for (let i = 0; i < senders.length; i++) {
      await postActivity(running.url, personalMessage({ ...common(i), text: 'help' }));
    }
    const total = CONCURRENCY * ROUNDS;
    const client = createLoadClient();
    const botEndpoint = `${running.url}/api/messages`;
    const echoEndpoint = `${echo.url}/api/messages`;
    const updatesBefore = await updatesStored(store);
    let submitsMade = 0;
    const submit = (i: number) => {
      submitsMade++;
      return client.postJson(
        botEndpoint,
        JSON.stringify(adaptiveCardInvoke({
          ...common(i),
          verb: 'update.submit',
          data: {
            ref: senders[i % senders.length]!.ref,
            planId: 'plymouth-2023',
            // Red: the fixture's dates are past, and amber is refused on an action past its due date.
            brag: 'red',
            narrative: `Benchmark update ${i}: the working group met and agreed the next steps with partners.`,
            evidence: 'minutes,data',
            voice: 'Parent carer forum consulted.',
            escalate: 'false',
            submissionId: `bench-${i}-${Date.now()}`,
          },
        })),
      );
    };
    const echoMessage = (i: number) => client.postJson(echoEndpoint, JSON.stringify(personalMessage({ ...common(i), text: `hello ${i}` })));
    // Warm both stacks until their code is compiled and their connection pools are full: the
    // first bursts after start-up open sockets and run cold code, which is not what a running
    // bot does. Burst times kept falling for about twenty bursts of each (V8 optimises the hot
    // paths of botbuilder, restify and the Azure SDK only after many calls: a burst of 50
    // submits took 500-750 ms first, 150-180 ms from then on), hence 1,200 requests of each.
    for (let i = 0; i < Math.ceil(WARM_UP_REQUESTS / CONCURRENCY); i++) {
      await load(CONCURRENCY, CONCURRENCY, echoMessage);
      await load(CONCURRENCY, CONCURRENCY, submit);
      connector.clear();
    }
    // Echo and submit take turns, a burst of each per round, so drift in the machine (other
    // processes, Azurite's garbage collection) falls on both alike.
    const echoRun: Run = { latencies: [], seconds: 0, busyMs: 0 };
    const submitRun: Run = { latencies: [], seconds: 0, busyMs: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [run, request] of [
        [echoRun, echoMessage],
        [submitRun, submit],
      ] as const) {
        const burst = await load(CONCURRENCY, CONCURRENCY, request);
        run.latencies.push(...burst.latencies);
        run.seconds += burst.seconds;
        run.busyMs += burst.busyMs;
        // The stand-in keeps every reply the echo bot sends; dropped after each burst, they do
        // not grow the heap that both bots' garbage collection has to walk.
        connector.clear();
      }
    }
    client.close();
    // A 200 could carry a refusal card: every submit must have landed in its action's history.
    const recorded = (await updatesStored(store)) - updatesBefore;
    if (recorded !== submitsMade) throw new Error(`${submitsMade} submits were made but ${recorded} updates were recorded.`);
    const rps = total / submitRun.seconds;
    const echoRps = total / echoRun.seconds;
    process.stdout.write(
      `BENCH submit n=${total} p50_ms=${percentile(submitRun.latencies, 50).toFixed(1)} p99_ms=${percentile(submitRun.latencies, 99).toFixed(1)} ` +
        `rps=${rps.toFixed(1)} echo_rps=${echoRps.toFixed(1)} ratio=${(rps / echoRps).toFixed(2)} ` +
        `echo_p50_ms=${percentile(echoRun.latencies, 50).toFixed(1)} echo_p99_ms=${percentile(echoRun.latencies, 99).toFixed(1)} ` +
        `cpu_ms=${(submitRun.busyMs / total).toFixed(2)} echo_cpu_ms=${(echoRun.busyMs / total).toFixed(2)}\n`,
    );
  } finally {
    await echo.close();
    await running.close();
    await connector.close();
    await azurite.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
