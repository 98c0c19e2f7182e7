/**
 * Fan-out benchmark: a cycle opens for a group of 2,000 leads with 6,000 actions (three each),
 * and the tick queues one prompt per lead and drains them through the real botbuilder transport
 * to the connector stand-in, which holds the app to 50 sends a second and Teams' per-conversation
 * limits and answers 10% of sends with 429. Prints
 * `BENCH fanout leads=2000 rate=R seconds=S minimum_s=M ratio=S/M lost=L duplicates=D`,
 * where S is the whole tick (opening the cycle, queueing, sending) and M the time 2,000 messages
 * take at 50 a second.
 */
import { performance } from 'node:perf_hooks';
import { fixedClock } from '../src/domain/clock';
import { atPlanTime } from '../src/calendar';
import { runTick } from '../src/scheduler/tick';
import { TEAMS_LIMITS } from '../test/support/connector';
import { benchAction, benchGroup, emailOf, startBenchRig, writePlan } from './support';

const LEADS = 2000;
const ACTIONS_PER_LEAD = 3;
const RATE = 50;
const PLAN = 'fanout';

async function main(): Promise<void> {
  const rig = await startBenchRig();
  try {
    // Meeting on Tuesday 16 January 2024: the cycle opens at 09:00 on Tuesday 9 January.
    const group = benchGroup(PLAN, 'big-group', '2024-01-16', emailOf(0));
    const actions = Array.from({ length: LEADS * ACTIONS_PER_LEAD }, (_, i) =>
      benchAction(PLAN, `${1 + Math.floor(i / 1000)}.${(i % 1000) + 1}`, group.id, emailOf(i % LEADS), '2025-03-31'),
    );
    await writePlan(rig, { planId: PLAN, people: LEADS, groups: [group], actions });

    rig.connector.enforceLimits({ perApp: [[RATE, 1000]], perConversation: TEAMS_LIMITS.perConversation });
    rig.connector.setRandomFailures({ rate: 0.1, status: 429, retryAfterSeconds: 1 }, 42);

    const started = performance.now();
    const startedWall = Date.now();
    const summary = await runTick({
      store: rig.store,
      transport: rig.transport,
      clock: fixedClock(atPlanTime('2024-01-09', 9, 'Europe/London')),
      config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: RATE },
      planId: PLAN,
    });
    const seconds = (performance.now() - started) / 1000;

    const stats = rig.connector.stats();
    const deliveredTo = new Set(rig.connector.sent.filter((r) => r.operation === 'send' && r.status < 300).map((r) => r.conversationId));
    const lost = LEADS - deliveredTo.size;
    const minimum = LEADS / RATE;
    if (summary.prompts !== LEADS) throw new Error(`The cycle queued ${summary.prompts} prompts; expected ${LEADS}.`);
    const accepted = rig.connector.sent.filter((r) => r.operation === 'send' && r.status < 300).map((r) => r.receivedAt.getTime());
    const firstSend = rig.connector.sent[0]?.receivedAt.getTime() ?? 0;
    process.stderr.write(
      `${JSON.stringify({ ...summary, closedCycles: undefined, rejected: stats.rejectedByStatus, firstSendAfterMs: firstSend - startedWall, acceptedSpanMs: Math.max(...accepted) - Math.min(...accepted) })}\n`,
    );
    console.log(
      `BENCH fanout leads=${LEADS} rate=${RATE} seconds=${seconds.toFixed(2)} minimum_s=${minimum.toFixed(2)} ratio=${(seconds / minimum).toFixed(3)} lost=${lost} duplicates=${stats.duplicates}`,
    );
  } finally {
    await rig.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
