/**
 * Tick benchmark: the same 100 overdue actions (20 leads) in a plan of 1,000 actions and in a
 * plan of 100,000, on a working day when no cycle step is due. The tick reads what is due
 * through the due index, so its cost should follow the 100, not the plan.
 *
 * Then the cost of `planpulse tick` as a process when nothing is due (what an external timer
 * pays every minute), against the floor of starting node and loading the Tables SDK, both
 * measured here, alternately, as medians of several runs. Prints
 * `BENCH tick small_ms=A large_ms=B ratio=B/A idle_ms=I floor_ms=F idle_ratio=I/F`.
 * `node dist/bench/tick.js idle` measures only the idle tick and the floor.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { projectRoot } from '../src/util/projectRoot';
import { atPlanTime } from '../src/calendar';
import { fixedClock } from '../src/domain/clock';
import type { Action } from '../src/domain/model';
import { runTick } from '../src/scheduler/tick';
import { BENCH_TABLE_PREFIX, benchAction, benchGroup, emailOf, startBenchRig, writePlan, type BenchRig } from './support';

const DUE = 100;
const DUE_LEADS = 20;
const GROUPS = 10;
const DAYS = ['2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12', '2024-01-15'];

function planActions(planId: string, total: number): Action[] {
  const out: Action[] = [];
  for (let i = 0; i < total; i++) {
    const groupId = `g${i % GROUPS}`;
    // The first 100 are overdue by a few days (below the escalation thresholds); the rest are due next year.
    const overdue = i < DUE;
    const lead = overdue ? emailOf(i % DUE_LEADS) : emailOf(DUE_LEADS + (i % 200));
    out.push(benchAction(planId, `${1 + Math.floor(i / 1000)}.${(i % 1000) + 1}`, groupId, lead, overdue ? '2024-01-05' : '2025-06-30'));
  }
  return out;
}

async function writeBenchPlan(rig: BenchRig, planId: string, total: number): Promise<void> {
  // Meetings far ahead: no cycle step is due on the benchmark days, only the chase.
  const groups = Array.from({ length: GROUPS }, (_, g) => benchGroup(planId, `g${g}`, '2024-03-20', emailOf(0)));
  await writePlan(rig, { planId, people: DUE_LEADS + 200, groups, actions: planActions(planId, total) });
}

async function timeTicks(rig: BenchRig, planId: string): Promise<number> {
  const times: number[] = [];
  for (const day of DAYS) {
    const started = performance.now();
    const summary = await runTick({
      store: rig.store,
      transport: rig.transport,
      clock: fixedClock(atPlanTime(day, 9, 'Europe/London')),
      config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50 },
      planId,
    });
    times.push(performance.now() - started);
    if (day === DAYS[0] && summary.overdueChases !== DUE_LEADS) {
      const due = await rig.store.plans.listOpenActionsDueBefore(planId, day);
      throw new Error(`Expected ${DUE_LEADS} chases in plan ${planId} on ${day}, got ${JSON.stringify(summary)} with ${due.length} due.`);
    }
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

/** Wall time of one node process, from spawn to exit. */
async function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await promisify(execFile)(process.execPath, args, { cwd: projectRoot(), env });
  return performance.now() - started;
}

/** The idle `planpulse tick` (a plan with nothing due, its day's chase already run) and the floor, alternately. */
async function idleAndFloor(rig: BenchRig): Promise<{ idle: number; floor: number }> {
  await writePlan(rig, {
    planId: 'idle',
    people: 5,
    groups: [benchGroup('idle', 'g0', '2024-06-20', emailOf(0))],
    actions: Array.from({ length: 10 }, (_, i) => benchAction('idle', `1.${i + 1}`, 'g0', emailOf(i % 5), '2025-06-30')),
  });
  const env = {
    ...process.env,
    STORAGE_CONNECTION_STRING: rig.azurite.connectionString,
    PLANPULSE_TABLE_PREFIX: BENCH_TABLE_PREFIX,
    PLAN_TIMEZONE: 'Europe/London',
    LOG_LEVEL: 'silent',
  };
  const tick = [path.join(projectRoot(), 'dist', 'app', 'cli.js'), 'tick', '--plan', 'idle', '--now', atPlanTime('2024-01-09', 10, 'Europe/London').toISOString()];
  const floor = ['-e', "require('@azure/data-tables')"];
  await timeProcess(tick, env); // runs the day's chase; the ticks timed below find nothing to do
  const idles: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < 7; i++) {
    idles.push(await timeProcess(tick, env));
    floors.push(await timeProcess(floor, env));
  }
  return { idle: median(idles), floor: median(floors) };
}

async function main(): Promise<void> {
  const rig = await startBenchRig();
  try {
    const fields: string[] = [];
    if (process.argv[2] !== 'idle') {
      await writeBenchPlan(rig, 'small', 1_000);
      const writeStarted = performance.now();
      await writeBenchPlan(rig, 'large', 100_000);
      process.stderr.write(`wrote 100,000 actions in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s\n`);
      const small = await timeTicks(rig, 'small');
      const large = await timeTicks(rig, 'large');
      fields.push(`small_ms=${small.toFixed(1)}`, `large_ms=${large.toFixed(1)}`, `ratio=${(large / small).toFixed(3)}`);
    }
    const { idle, floor } = await idleAndFloor(rig);
    fields.push(`idle_ms=${idle.toFixed(1)}`, `floor_ms=${floor.toFixed(1)}`, `idle_ratio=${(idle / floor).toFixed(3)}`);
    console.log(`BENCH tick ${fields.join(' ')}`);
  } finally {
    await rig.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
