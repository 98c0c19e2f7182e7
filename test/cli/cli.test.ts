import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixedClock } from '../../src/domain/clock';
import { main } from '../../src/cli/main';
import * as importCommand from '../../src/cli/commands/import';
import * as exportCommand from '../../src/cli/commands/export';
import * as statusCommand from '../../src/cli/commands/status';
import type { Store } from '../../src/storage/store';
import { inProcessCli } from '../support/cliContext';
import { makeTestStore } from '../support/store';
import { copyFixture, editRows, FIXTURE, snapshot } from '../import/helpers';

const clock = fixedClock('2024-01-15T09:00:00Z');

const testContext = (store: Store) => inProcessCli(store, clock);

describe('planpulse import', () => {
  it('imports the fixture, printing a summary, and exits 0', async () => {
    const store = await makeTestStore();
    const { ctx, out, err } = testContext(store);
    expect(await importCommand.run([FIXTURE], ctx)).toBe(0);
    expect(out()).toContain('Imported plan plymouth-2023: 76 actions, 9 groups, 23 people (43 lead strings), 9 areas.');
    // The fixture's clock is October 2023: some of its actions are already overdue.
    expect(err()).toMatch(/^Warning: 19 open actions are already past their due date: 1\.1, 1\.2, .*, 7\.14\. The scheduler chases overdue actions/);
    const again = testContext(store);
    expect(await importCommand.run([FIXTURE], again.ctx)).toBe(0);
    expect(again.out()).toContain('Plan plymouth-2023 is already up to date');
  });

  it('prints every problem on stderr and exits 1 without changing anything', async () => {
    const store = await makeTestStore();
    const dir = copyFixture();
    editRows(dir, 'actions.csv', (rows) => {
      rows[0]!.status = 'purple';
      rows[1]!.due = '2023-02-30';
    });
    const before = await snapshot(store);
    const { ctx, out, err } = testContext(store);
    expect(await importCommand.run([dir, '--plan', 'broken'], ctx)).toBe(1);
    expect(err().split('\n')).toEqual([
      'actions.csv:2: status: "purple" is not a BRAG status; use blue, green, amber, red, or the legend\'s words ("Complete and embedded", "Complete", "Progressing to timescale", "Little or no progress/delayed"), or leave it blank.',
      'actions.csv:3: due: "2023-02-30" is not a day in the calendar.',
      'Import refused: 2 problems found; nothing was changed.',
      '',
    ]);
    expect(out()).toBe('');
    expect(await snapshot(store)).toEqual(before);
  });

  it('writes nothing with --dry-run', async () => {
    const store = await makeTestStore();
    const { ctx, out } = testContext(store);
    expect(await importCommand.run([FIXTURE, '--dry-run', '--plan', 'trial'], ctx)).toBe(0);
    expect(out()).toContain('Dry run: would import plan trial');
    expect(await store.plans.listPlans()).toEqual([]);
  });
});

describe('planpulse export and status', () => {
  let store: Store;
  beforeAll(async () => {
    store = await makeTestStore();
    const { ctx } = testContext(store);
    expect(await importCommand.run([FIXTURE], ctx)).toBe(0);
  });

  it('exports the only plan to a file without --plan', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cli-')), 'plan.csv');
    const { ctx, out } = testContext(store);
    expect(await exportCommand.run(['--format', 'csv', '--out', file], ctx)).toBe(0);
    expect(out()).toBe(`Wrote plan plymouth-2023 as csv to ${file}.\n`);
    expect((parse(fs.readFileSync(file)) as string[][]).length).toBe(77);
    const xlsx = file.replace('.csv', '.xlsx');
    expect(await exportCommand.run(['--format', 'xlsx', '--out', xlsx], testContext(store).ctx)).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  });

  it('reports BRAG counts, overdue actions and missing updates', async () => {
    const { ctx, out } = testContext(store);
    expect(await statusCommand.run([], ctx)).toBe(0);
    const text = out();
    expect(text).toMatch(/^plymouth-2023: 76 actions, as at 15 Jan 2024$/m);
    expect(text).toContain('BRAG: blue 0, green 1, amber 0, red 0, unrated 75');
    expect(text).toMatch(/Overdue actions: \d+/);
    expect(text).toContain('Missing updates: 75');
    expect(text).toContain('Open escalations: 0');
  });

  it("writes dates the UK way, a last update on its day in the plan's time zone", async () => {
    // 23:30 UTC on 1 Oct 2023 is 00:30 on 2 Oct in British Summer Time.
    await store.plans.modifyAction('plymouth-2023', '7.6', (a) => ({ ...a, lastUpdateAt: '2023-10-01T23:30:00.000Z', updateCount: 1 }));
    const { ctx, out } = testContext(store);
    expect(await statusCommand.run(['--group', 'Health Wait Lists'], ctx)).toBe(0);
    const text = out();
    expect(text).toMatch(/^plymouth-2023 — Health Wait Lists: 21 actions, as at 15 Jan 2024$/m);
    expect(text).toMatch(/^ {2}7\.6 +unrated +due \d{1,2} [A-Z][a-z]{2} 2023 \(\d+ days ago\)/m);
    expect(text).toMatch(/^ {2}7\.6 +unrated +last update 2 Oct 2023 — Health Wait Lists$/m);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('gives machines JSON and narrows to one group', async () => {
    const { ctx, out } = testContext(store);
    expect(await statusCommand.run(['--group', 'health wait lists', '--json'], ctx)).toBe(0);
    const status = JSON.parse(out());
    expect(status.group).toBe('Health Wait Lists');
    expect(status.actions).toBe(21);
    expect(status.counts).toEqual({ blue: 0, green: 1, amber: 0, red: 0, unrated: 20 });
    // 7.6 was due in October 2023 and is still unrated on 15 January 2024.
    expect(status.overdue.map((a: { ref: string }) => a.ref)).toContain('7.6');
    expect(status.overdue.every((a: { daysOverdue: number }) => a.daysOverdue > 0)).toBe(true);
    expect(status.missingUpdates.map((a: { ref: string }) => a.ref)).not.toContain('7.5');
  });

  it('counts an action with a recent update as not missing', async () => {
    await store.plans.modifyAction('plymouth-2023', '9.5', (a) => ({ ...a, brag: 'amber', lastUpdateAt: '2024-01-10T09:00:00.000Z', updateCount: 1 }));
    const { ctx, out } = testContext(store);
    expect(await statusCommand.run(['--group', 'SEND Sufficiency and Provision', '--json'], ctx)).toBe(0);
    const status = JSON.parse(out());
    expect(status.missingUpdates.map((a: { ref: string }) => a.ref)).not.toContain('9.5');
    expect(status.counts.amber).toBe(1);
  });

  it('names the groups when --group matches none, and the plans when --plan matches none', async () => {
    const a = testContext(store);
    expect(await statusCommand.run(['--group', 'Finance'], a.ctx)).toBe(1);
    expect(a.err()).toMatch(/^There is no group "Finance" in this plan\. Its groups are: .*Health Wait Lists/);
    const b = testContext(store);
    expect(await statusCommand.run(['--plan', 'nowhere'], b.ctx)).toBe(1);
    expect(b.err()).toBe('There is no plan "nowhere". The plans stored are: plymouth-2023.\n');
  });

  it('asks which plan when several are stored', async () => {
    const other = await makeTestStore();
    await importCommand.run([FIXTURE, '--plan', 'one'], testContext(other).ctx);
    expect(await importCommand.run([FIXTURE, '--plan', 'two', '--new-plan'], testContext(other).ctx)).toBe(0);
    const { ctx, err } = testContext(other);
    expect(await statusCommand.run([], ctx)).toBe(1);
    expect(err()).toBe('Several plans are stored (one, two): say which one with --plan ID.\n');
  });
});

describe('planpulse main', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), out, err };
  };
  const noStore = async () => {
    throw new Error('the store must not be opened');
  };

  it('answers an unknown command with the usage on stderr and exit code 2', async () => {
    const io = capture();
    expect(await main(['frobnicate'], { ...io, env: {}, openStore: noStore })).toBe(2);
    expect(io.err.join('')).toMatch(/^Unknown command "frobnicate"\.\n\nUsage: planpulse <command>/);
  });

  it('answers bad flags with the command usage and exit code 2', async () => {
    const io = capture();
    expect(await main(['export', '--format', 'pdf', '--out', 'x'], { ...io, env: {}, openStore: noStore })).toBe(2);
    expect(io.err.join('')).toBe('--format must be one of csv, xlsx, html (got "pdf").\nUsage: planpulse export [--plan ID] --format csv|xlsx|html --out FILE\n');
    const io2 = capture();
    expect(await main(['status', '--colour'], { ...io2, env: {}, openStore: noStore })).toBe(2);
    expect(io2.err.join('')).toMatch(/Unknown option '--colour'[\s\S]*Usage: planpulse status/);
  });

  it('stops on a wrong configuration with its message and exit code 2', async () => {
    const io = capture();
    expect(await main(['status'], { ...io, env: { PLANPULSE_SEND_RATE: '500' }, openStore: noStore })).toBe(2);
    expect(io.err.join('')).toMatch(/configuration is invalid[\s\S]*PLANPULSE_SEND_RATE must be a whole number/);
  });

  it('runs a command against the opened store and closes it afterwards', async () => {
    const store = await makeTestStore();
    let closed = 0;
    const io = capture();
    const code = await main(['import', FIXTURE, '--plan', 'via-main'], {
      ...io,
      env: {},
      clock,
      openStore: async () => ({ store, description: 'test store', close: async () => void closed++ }),
    });
    expect(code).toBe(0);
    expect(closed).toBe(1);
    expect(await store.plans.listActions('via-main')).toHaveLength(76);
  });
});
