/**
 * Reach benchmark: 2,000 people of a freshly imported plan, none known to Teams yet, are made
 * reachable through the Microsoft Graph stand-in, which answers 429 above 20 requests a second
 * for the app (Graph's throttling as configured here), and the Bot Connector stand-in, which
 * opens their personal chats only once the app is installed for them.
 *
 * The fewest Graph requests that resolve and install N people are ceil(N / 15) mail lookups
 * (`mail in (…)` takes 15 addresses), one catalog lookup and N installs; at 20 a second that is
 * the minimum M. Prints
 * `BENCH reach people=N seconds=S minimum_s=M ratio=S/M requests=R throttled=T teams=K`.
 */
import { performance } from 'node:perf_hooks';
import type { Person, Plan } from '../src/domain/model';
import { DEFAULT_PLAN_SETTINGS } from '../src/domain/model';
import { systemClock } from '../src/domain/clock';
import { clientSecretTokens, GraphClient, MAIL_FILTER_BATCH } from '../src/graph/graphClient';
import { reachPeople } from '../src/reach/reach';
import { startGraph } from '../test/support/graph';
import { emailOf, startBenchRig } from './support';

const PEOPLE = 2000;
const RATE = 20;
const PLAN = 'reach';
const TENANT = '9a3c1f0e-2b4d-4e6f-8a1b-3c5d7e9f0a2b';
const CLIENT = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
const TEAMS_APP = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';

async function main(): Promise<void> {
  const rig = await startBenchRig();
  const graph = await startGraph({ tenantId: TENANT, clientId: CLIENT, clientSecret: 'bench-secret', connector: rig.connector, ratePerSecond: RATE });
  try {
    const plan: Plan = { id: PLAN, name: 'Bench reach', settings: DEFAULT_PLAN_SETTINGS, importedAt: '2024-01-01T00:00:00Z', sourceHash: PLAN };
    await rig.store.plans.savePlan(plan);
    const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
      planId: PLAN, id: emailOf(i), name: `Lead ${i}`, email: emailOf(i), admin: false, leadStrings: [emailOf(i)], extra: {},
    }));
    await rig.store.plans.savePeople(PLAN, people);
    graph.publishApp(TEAMS_APP);
    for (const p of people) graph.addUser({ userPrincipalName: p.email, displayName: p.name });
    rig.connector.requireInstallation(true);

    const client = new GraphClient({
      baseUrl: graph.url,
      tokens: clientSecretTokens({ authorityHost: graph.authorityHost, tenantId: TENANT, clientId: CLIENT, clientSecret: 'bench-secret' }),
      ratePerSecond: RATE,
    });
    const started = performance.now();
    const outcome = await reachPeople(
      { store: rig.store, transport: rig.transport, clock: systemClock, tenantId: TENANT, graph: { client, teamsAppId: TEAMS_APP }, serviceUrl: rig.connector.serviceUrl },
      people,
    );
    const seconds = (performance.now() - started) / 1000;

    const minimumRequests = Math.ceil(PEOPLE / MAIL_FILTER_BATCH) + 1 + PEOPLE;
    const minimum = minimumRequests / RATE;
    const stats = graph.stats();
    const installed = people.filter((p) => graph.isInstalled(graph.user(p.email)!.id)).length;
    if (outcome.counts.teams !== PEOPLE || installed !== PEOPLE) {
      throw new Error(`Only ${outcome.counts.teams} of ${PEOPLE} people became reachable (${installed} installed); problem: ${JSON.stringify(outcome.graphProblem)}`);
    }
    process.stdout.write(
      `BENCH reach people=${PEOPLE} seconds=${seconds.toFixed(2)} minimum_s=${minimum.toFixed(2)} ratio=${(seconds / minimum).toFixed(3)} requests=${client.counts.requests} throttled=${stats.throttled} teams=${outcome.counts.teams}\n`,
    );
  } finally {
    await graph.close();
    await rig.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:reach failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
