/**
 * Re-imports as explicit change sets: removals only when asked (and then archived, not
 * lost), restores, decisions made in Plan Pulse kept against the file, a dry run that says
 * what the next tick would send, a new plan that is really an old one, and the plan's name.
 */
import { TableServiceClient } from '@azure/data-tables';
import { parse } from 'csv-parse/sync';
import * as importCommand from '../../src/cli/commands/import';
import { fixedClock, type Clock } from '../../src/domain/clock';
import { exportPlan } from '../../src/export';
import { computePlanStatus } from '../../src/facts/status';
import { importPlan } from '../../src/import';
import type { Store } from '../../src/storage/store';
import { inProcessCli } from '../support/cliContext';
import { makeTestStore } from '../support/store';
import { byRef, copyFixture, editRows, snapshot } from './helpers';

const PLAN = 'plymouth-2023';
const clock = fixedClock('2023-10-02T09:00:00Z');

function cli(store: Store, at: Clock = clock) {
  const { ctx, out, err } = inProcessCli(store, at);
  return { run: (args: string[]) => importCommand.run(args, ctx), out, err };
}

async function freshPlan(): Promise<{ store: Store; dir: string }> {
  const store = await makeTestStore();
  const dir = copyFixture();
  const first = await importPlan(store, dir, { timeZone: 'Europe/London', clock });
  if (!first.ok) throw new Error(first.problems.join('\n'));
  return { store, dir };
}

const dropRefs = (dir: string, refs: string[]) => editRows(dir, 'actions.csv', (rows) => rows.filter((r) => !refs.includes(r.ref!)));

describe('actions that leave the file', () => {
  it('refuses a re-import that would remove actions, listing their refs, and changes nothing', async () => {
    const { store, dir } = await freshPlan();
    const before = await snapshot(store);
    dropRefs(dir, ['3.4', '9.5']);
    const c = cli(store);
    expect(await c.run([dir])).toBe(1);
    expect(c.err()).toContain(
      'actions.csv:0: ref: 2 actions of plan plymouth-2023 are not in the file: 3.4, 9.5. Importing would archive them (kept with their history, no longer prompted, chased or counted); run again with --allow-removals to do that, or put them back in the file.',
    );
    expect(c.err()).toContain('Import refused; nothing was changed.');
    expect(await snapshot(store)).toEqual(before);
  });

  it('archives them with --allow-removals: out of status, exports, overdue chases and escalations, history kept', async () => {
    const { store, dir } = await freshPlan();
    // 1.3 was due in November 2023: overdue in January, with an open escalation.
    await store.escalations.insert({
      planId: PLAN, id: 'overdue~1.3', ref: '1.3', groupId: 'governance-oversight-culture-and-workforce', level: 'chair',
      targetGroupId: 'governance-oversight-culture-and-workforce', cause: 'overdue', reason: 'Overdue by 30 days', raisedAt: '2024-01-02T09:00:00.000Z', raisedBy: 'planpulse', state: 'open',
    });
    await store.updates.append({ planId: PLAN, ref: '1.3', id: 'u1', submissionId: 's1', brag: 'red', narrative: 'Stalled', evidence: [], escalate: false, authorId: 'dh@plymouth.example', at: '2023-10-05T10:00:00.000Z' });
    const january = fixedClock('2024-01-15T09:00:00Z');
    expect((await computePlanStatus(store, PLAN, january, { timeZone: 'Europe/London' })).overdue.map((a) => a.ref)).toContain('1.3');

    dropRefs(dir, ['1.3']);
    const c = cli(store, january);
    expect(await c.run([dir, '--allow-removals'])).toBe(0);
    expect(c.out()).toContain('  archived actions (were kept with their history, no longer prompted or counted): 1.3');

    const status = await computePlanStatus(store, PLAN, january, { timeZone: 'Europe/London' });
    expect(status.actions).toBe(75);
    expect(status.overdue.map((a) => a.ref)).not.toContain('1.3');
    expect(status.openEscalations).toBe(0);
    const [, ...rows] = parse((await exportPlan(store, PLAN, 'csv', january, { timeZone: 'Europe/London' })) as string) as string[][];
    expect(rows.map((r) => r[0])).not.toContain('1.3');
    expect((await store.plans.listOpenActionsDueBefore(PLAN, '2024-01-15')).map((a) => a.ref)).not.toContain('1.3');
    expect(await store.plans.getAction(PLAN, '1.3')).toBeUndefined();
    const [archived] = await store.plans.listArchivedActions(PLAN);
    expect(archived).toMatchObject({ ref: '1.3', archivedAt: '2024-01-15T09:00:00.000Z' });
    expect(await store.updates.history(PLAN, '1.3')).toHaveLength(1);
  });

  it('restores an archived action that comes back, with its live state and history', async () => {
    const { store, dir } = await freshPlan();
    await store.plans.modifyAction(PLAN, '2.3', (a) => ({ ...a, brag: 'amber', lastUpdateAt: '2023-10-03T10:00:00.000Z', lastUpdateBy: 'ag@plymouth.example', updateCount: 3 }));
    const live = (await store.plans.getAction(PLAN, '2.3'))!.value;
    const full = copyFixture();
    dropRefs(dir, ['2.3']);
    expect((await importPlan(store, dir, { timeZone: 'Europe/London', clock, allowRemovals: true })).ok).toBe(true);
    const back = await importPlan(store, full, { timeZone: 'Europe/London', clock });
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expect(back.summary.changeSet).toEqual({ created: [], updated: [], archived: [], restored: ['2.3'] });
    expect((await store.plans.getAction(PLAN, '2.3'))!.value).toEqual(live);
    expect(await store.plans.listArchivedActions(PLAN)).toEqual([]);
    expect((await store.plans.listActionsOfGroup(PLAN, live.groupId)).map((a) => a.ref)).toContain('2.3');
  });
});

describe('decisions made in Plan Pulse', () => {
  it('keeps an approved revised date and a rating recorded since the last import, and lists both as conflicts', async () => {
    const { store, dir } = await freshPlan();
    // A chair approved moving 1.1 from December 2023 to the end of March 2024.
    await store.plans.modifyAction(PLAN, '1.1', (a) => ({ ...a, originalDue: a.due, due: '2024-03-28' }));
    await store.updates.append({
      planId: PLAN, ref: '1.1', id: 'd1', submissionId: 'decision~p1', brag: 'amber', narrative: 'Approved', evidence: [], escalate: false,
      authorId: 'dh@plymouth.example', at: '2023-10-10T10:00:00.000Z',
      decision: { kind: 'revisedDate', outcome: 'approved', proposalId: 'p1', proposedBy: 'tl@plymouth.example', fromDue: '2023-12-29', toDue: '2024-03-28' },
    });
    // The lead of 1.2 rated it red after the import.
    await store.plans.modifyAction(PLAN, '1.2', (a) => ({ ...a, brag: 'red', lastUpdateAt: '2023-10-11T10:00:00.000Z', lastUpdateBy: 'hp@plymouth.example', updateCount: 1 }));
    editRows(dir, 'actions.csv', (rows) => {
      byRef(rows, '1.1').due = '2024-01';
      byRef(rows, '1.2').status = 'green';
      byRef(rows, '1.4').status = 'amber';
    });
    const c = cli(store, fixedClock('2023-10-20T09:00:00Z'));
    expect(await c.run([dir])).toBe(0);
    expect(c.out()).toContain(
      [
        'Kept 2 decisions made in Plan Pulse over the file (update the file to match, or they will be listed again):',
        '  1.1 due: the file says 31 Jan 2024; kept 28 Mar 2024, the revised date approved by dh@plymouth.example on 10 Oct 2023.',
        '  1.2 status: the file says green; kept red, rated by hp@plymouth.example on 11 Oct 2023, after the last import.',
      ].join('\n'),
    );
    const get = async (ref: string) => (await store.plans.getAction(PLAN, ref))!.value;
    expect(await get('1.1')).toMatchObject({ due: '2024-03-28', originalDue: '2023-12-29' });
    expect(await get('1.2')).toMatchObject({ brag: 'red', importedStatus: 'green' });
    // No decision was made on 1.4 in Plan Pulse: the file's new status stands.
    expect((await get('1.4')).brag).toBe('amber');
  });
});

describe('a dry run', () => {
  it('prints the change set by ref and what the next tick would send, warns of past-due actions, and writes nothing', async () => {
    const { store, dir } = await freshPlan();
    editRows(dir, 'actions.csv', (rows) => {
      byRef(rows, '1.1').action = 'Leaders will publish the strategy.';
      rows.push({ ...byRef(rows, '1.2'), ref: '1.99' });
      return rows.filter((r) => r.ref !== '9.5');
    });
    const before = await snapshot(store);
    // Tuesday 26 September 2023: five working days before Governance meets on 3 October.
    const c = cli(store, fixedClock('2023-09-26T08:30:00Z'));
    expect(await c.run([dir, '--dry-run', '--allow-removals'])).toBe(0);
    const out = c.out();
    expect(out).toContain('Dry run: would import plan plymouth-2023: 76 actions');
    expect(out).toContain('  new actions: 1.99\n  changed actions: 1.1\n  archived actions (would be kept with their history, no longer prompted or counted): 9.5\n');
    expect(out).toMatch(/The next tick \(26 Sep 2023, 09:30\) would send \d+ messages? to \d+ (person|people) for plan plymouth-2023: \d+ prompts \(1 cycle opening\)/);
    const prompts = Number(/would send \d+ messages? to \d+ (?:person|people) for plan plymouth-2023: (\d+) prompts?/.exec(out)![1]);
    expect(prompts).toBeGreaterThan(0);
    expect(out).toContain('Nothing was written (--dry-run).');
    expect(await snapshot(store)).toEqual(before);
  });

  it('warns when actions are already past their due date and says how many escalations the next tick would raise', async () => {
    const store = await makeTestStore();
    const c = cli(store, fixedClock('2024-06-03T09:00:00Z'));
    expect(await c.run([copyFixture(), '--dry-run'])).toBe(0);
    expect(c.err()).toMatch(/^Warning: \d+ open actions are already past their due date: 1\.1, 1\.2/);
    const escalations = Number(/(\d+) escalations?\./.exec(c.out())![1]);
    expect(escalations).toBeGreaterThan(0);
    // One message per person per tick: far fewer messages than notices.
    const messages = Number(/would send (\d+) messages/.exec(c.out())![1]);
    expect(messages).toBeLessThan(escalations);
    expect(await store.plans.listPlans()).toEqual([]);
    // The scratch copy the forecast ran in is gone.
    const service = TableServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!, { allowInsecureConnection: true });
    const names: string[] = [];
    for await (const t of service.listTables()) names.push(t.name!);
    expect(names.filter((n) => n.startsWith(`${store.tables.prefix}dry`))).toEqual([]);
  });
});

describe('a new plan id', () => {
  it('is refused when most of its people are another plan\'s, naming it, unless --new-plan', async () => {
    const { store } = await freshPlan();
    const c = cli(store);
    expect(await c.run([copyFixture('plan v4 FINAL')])).toBe(1);
    expect(c.err()).toContain(
      'people.csv:0: email: 23 of the 23 people in this file are people of plan "plymouth-2023", so it looks like a new version of that plan: import it with --plan plymouth-2023, or add --new-plan to keep both plans.',
    );
    expect((await store.plans.listPlans()).map((p) => p.id)).toEqual([PLAN]);
    const again = cli(store);
    expect(await again.run([copyFixture('plan v4 FINAL'), '--new-plan'])).toBe(0);
    expect((await store.plans.listPlans()).map((p) => p.id).sort()).toEqual(['plan v4 FINAL', PLAN]);
  });
});

describe('the plan\'s name', () => {
  it('is set with --name and shown on the status card data and the board paper, kept by later imports', async () => {
    const { store, dir } = await freshPlan();
    const c = cli(store);
    expect(await c.run([dir, '--name', 'Plymouth Local Area SEND Improvement Plan 2023'])).toBe(0);
    expect(c.out()).toContain('Imported plan plymouth-2023 ("Plymouth Local Area SEND Improvement Plan 2023"): 76 actions');
    editRows(dir, 'actions.csv', (rows) => void (byRef(rows, '1.1').note = 'Reviewed'));
    expect((await importPlan(store, dir, { timeZone: 'Europe/London', clock })).ok).toBe(true);
    expect((await store.plans.getPlan(PLAN))!.name).toBe('Plymouth Local Area SEND Improvement Plan 2023');
    expect((await computePlanStatus(store, PLAN, clock, { timeZone: 'Europe/London' })).planName).toBe('Plymouth Local Area SEND Improvement Plan 2023');
    const html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: 'Europe/London' })) as string;
    expect(html).toContain('<h1>Plymouth Local Area SEND Improvement Plan 2023</h1>');
  });
});
