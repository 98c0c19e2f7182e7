/**
 * Response page benchmark: 200 leads at once open their emailed link (GET the form) and send
 * it (POST), against the running Plan Pulse server (real HTTP, Azurite, the Plymouth plan,
 * links minted as mail is sent), and the same number of messages against the bare botbuilder
 * echo bot in the same run. Prints `BENCH respond n=N page_p50_ms=A page_p99_ms=B
 * submit_p50_ms=C submit_p99_ms=D rps=R echo_rps=E ratio=R/E`, where rps counts submits (each
 * after its page load) per second. BENCH_CONCURRENCY (200), BENCH_ROUNDS (5) and
 * BENCH_WARM_UP (rounds before measuring, 3) tune it; the run fails unless every submit was
 * recorded.
 */
import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { systemClock } from '../src/domain/clock';
import { importPlan } from '../src/import';
import { createLogger } from '../src/logging/logger';
import { startAzurite } from '../src/storage/azurite';
import { Store } from '../src/storage/store';
import { TableStore } from '../src/storage/tableStore';
import { startPlanPulse } from '../app/runtime';
import { personalMessage } from '../test/support/activities';
import { startConnector } from '../test/support/connector';
import { hidden } from '../test/support/pageForms';
import { startSmtp } from '../test/support/smtp';
import { projectRoot } from '../src/util/projectRoot';
import { load, percentile, startEchoBot, type Run } from './echo';
import { createLoadClient } from './loadClient';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM_UP_ROUNDS = Number(process.env.BENCH_WARM_UP ?? 3);
const PLAN = 'plymouth-2023';
/** Red: the fixture's dates are past, and amber is refused on an action past its due date. */
const RATING = 'red';

/** The page's form as a lead fills it: its hidden fields kept, a rating, a narrative and an evidence source. */
function filledForm(page: string, label: string): URLSearchParams {
  return new URLSearchParams({
    ref: hidden(page, 'ref'),
    csrf: hidden(page, 'csrf'),
    submissionId: hidden(page, 'submissionId'),
    brag: RATING,
    narrative: `Benchmark update ${label}: the working group met and agreed the next steps with partners.`,
    evidence: 'minutes',
  });
}

async function updatesStored(store: Store): Promise<number> {
  return (await store.plans.listActions(PLAN)).reduce((sum, a) => sum + a.updateCount, 0);
}

async function main(): Promise<void> {
  const azurite = await startAzurite();
  const smtp = await startSmtp();
  const connector = await startConnector();
  const store = await new Store(new TableStore({ kind: 'connectionString', connectionString: azurite.connectionString }, 'benchrespond')).init();
  const imported = await importPlan(store, path.join(projectRoot(), 'fixtures', PLAN), { timeZone: 'Europe/London', planId: PLAN, clock: systemClock });
  if (!imported.ok) throw new Error('The fixture plan did not import.');
  const running = await startPlanPulse({
    config: loadConfig({
      PORT: '0',
      PLANPULSE_SCHEDULER: 'off',
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      SMTP_URL: smtp.url,
      PLANPULSE_LINK_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    }),
    logger: createLogger({ level: 'silent' }),
    opened: { store, description: 'bench', close: async () => {} },
  });
  const echo = await startEchoBot();
  try {
    // One link per lead and open action, as the cycle's mail would carry: a lead's actions of one group.
    const links = running.mail.links!;
    const actions = (await store.plans.listActions(PLAN)).filter((a) => a.brag !== 'green' && a.brag !== 'blue');
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const users: Array<{ url: string; ref: string }> = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const action = actions[i % actions.length]!;
      const lead = action.leadIds[i % action.leadIds.length]!;
      const token = await links.mint(
        { planId: PLAN, recipientId: lead, key: `bench~${i}` },
        { kind: 'cycle', groupId: action.groupId, meetingDate: '2099-01-01', refs: [action.ref], expiresAt },
        systemClock.now(),
      );
      users.push({ url: `${links.url(token)}?ref=${encodeURIComponent(action.ref)}`, ref: action.ref });
    }
    const client = createLoadClient(CONCURRENCY + 16);
    const pageLatencies: number[] = [];
    let submitsMade = 0;
    let round = 0;
    /** One lead: the page, then the form sent back with its hidden fields. Timed as the submit; the page's own time is kept apart. */
    const respond = async (i: number): Promise<number> => {
      const user = users[i % users.length]!;
      const t = process.hrtime.bigint();
      const page = await client.get(user.url);
      pageLatencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (page.status !== 200) return page.status;
      const form = filledForm(page.body, `${round}-${i}`);
      form.append('evidence', 'data');
      submitsMade++;
      const status = await client.postForm(user.url.replace(/\?.*$/, ''), form.toString());
      return status === 303 ? 200 : status;
    };
    // The submit alone, for its latency: the same flow with the page fetched outside the timing.
    const submitLatencies: number[] = [];
    const respondTimed = async (i: number): Promise<number> => {
      const user = users[i % users.length]!;
      const page = await client.get(user.url);
      if (page.status !== 200) return page.status;
      const form = filledForm(page.body, `${round}-${i}`);
      submitsMade++;
      const t = process.hrtime.bigint();
      const status = await client.postForm(user.url.replace(/\?.*$/, ''), form.toString());
      submitLatencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      return status === 303 ? 200 : status;
    };
    const echoMessage = (i: number) =>
      client.postJson(`${echo.url}/api/messages`, JSON.stringify(personalMessage({ serviceUrl: connector.serviceUrl, user: { id: `29:u${i}`, aadObjectId: `a${i}`, name: 'U' }, text: `hello ${i}` })));

    const updatesBefore = await updatesStored(store);
    for (let w = 0; w < WARM_UP_ROUNDS; w++) {
      await load(CONCURRENCY, CONCURRENCY, echoMessage);
      await load(CONCURRENCY, CONCURRENCY, respond);
      connector.clear();
    }
    pageLatencies.length = 0;
    const echoRun: Run = { latencies: [], seconds: 0, busyMs: 0 };
    const respondRun: Run = { latencies: [], seconds: 0, busyMs: 0 };
    for (round = 0; round < ROUNDS; round++) {
      const e = await load(CONCURRENCY, CONCURRENCY, echoMessage);
      echoRun.seconds += e.seconds;
      connector.clear();
      const r = await load(CONCURRENCY, CONCURRENCY, respond);
      respondRun.seconds += r.seconds;
      await load(CONCURRENCY, CONCURRENCY, respondTimed);
    }
    client.close();
    const recorded = (await updatesStored(store)) - updatesBefore;
    if (recorded !== submitsMade) throw new Error(`${submitsMade} forms were sent but ${recorded} updates were recorded.`);
    const total = CONCURRENCY * ROUNDS;
    const rps = total / respondRun.seconds;
    const echoRps = total / echoRun.seconds;
    process.stdout.write(
      `BENCH respond n=${total} page_p50_ms=${percentile(pageLatencies, 50).toFixed(1)} page_p99_ms=${percentile(pageLatencies, 99).toFixed(1)} ` +
        `submit_p50_ms=${percentile(submitLatencies, 50).toFixed(1)} submit_p99_ms=${percentile(submitLatencies, 99).toFixed(1)} ` +
        `rps=${rps.toFixed(1)} echo_rps=${echoRps.toFixed(1)} ratio=${(rps / echoRps).toFixed(2)}\n`,
    );
  } finally {
    await echo.close();
    await running.close();
    await connector.close();
    await smtp.close();
    await azurite.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
