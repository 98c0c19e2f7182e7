/**
 * Plans as objects: `planpulse plans` lists them; archiving one stops everything the scheduler
 * would send for it and hides it from commands' default choice, keeping its data; restoring
 * brings it back.
 */
import { fixedClock, type Clock } from '../../src/domain/clock';
import * as plansCommand from '../../src/cli/commands/plans';
import * as statusCommand from '../../src/cli/commands/status';
import { importPlan } from '../../src/import/importPlan';
import type { Store } from '../../src/storage/store';
import { copyFixture, editRows } from '../import/helpers';
import { inProcessCli } from '../support/cliContext';
import { makeTestStore } from '../support/store';
import { delivered, startHarness, PLAN_ID, type Harness } from '../scheduler/harness';

// 9 October 2023, 09:00 BST: three groups' cycles open and the first overdue chases go out.
const BUSY_DAY = '2023-10-09T08:00:00Z';
const ARCHIVED_ON = fixedClock('2023-10-02T10:00:00Z');

const command = (store: Store, clock: Clock = ARCHIVED_ON) => inProcessCli(store, clock);

/** The listing's rows as cells (columns are two or more spaces apart). */
function rowsOf(listing: string): string[][] {
  return listing.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
}

/** A second plan with its own people, imported as `planId`. */
async function importSecondPlan(store: Store, planId: string): Promise<void> {
  const dir = copyFixture(planId);
  editRows(dir, 'people.csv', (rows) => {
    for (const row of rows) row.email = row.email!.replace('@plymouth.example', '@devon.example');
  });
  const result = await importPlan(store, dir, { timeZone: 'Europe/London', planId, clock: fixedClock('2023-09-15T12:00:00Z') });
  expect(result.ok).toBe(true);
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('planpulse plans', () => {
  it('lists every plan with its name, actions, last import and state', async () => {
    await importSecondPlan(h.store, 'devon-2023');
    const { ctx, out } = command(h.store);
    expect(await plansCommand.run([], ctx)).toBe(0);
    expect(rowsOf(out())).toEqual([
      ['id', 'name', 'actions', 'last import', 'state'],
      ['devon-2023', 'devon-2023', '76', '15 Sep 2023', 'active'],
      ['plymouth-2023', 'plymouth-2023', '76', '1 Sep 2023', 'active'],
    ]);
    const json = command(h.store);
    expect(await plansCommand.run(['--json'], json.ctx)).toBe(0);
    expect(JSON.parse(json.out())).toEqual([
      { id: 'devon-2023', name: 'devon-2023', actions: 76, lastImport: '2023-09-15T12:00:00.000Z', state: 'active' },
      { id: 'plymouth-2023', name: 'plymouth-2023', actions: 76, lastImport: '2023-09-01T08:00:00.000Z', state: 'active' },
    ]);
  });

  it('says so when there is no plan yet', async () => {
    const empty = await makeTestStore();
    const { ctx, out } = command(empty);
    expect(await plansCommand.run([], ctx)).toBe(0);
    expect(out()).toBe('No plan has been imported yet: run planpulse import <folder|file.xlsx>.\n');
  });

  it('archives a plan: the scheduler opens no cycle and sends nothing for it, and its data is kept', async () => {
    const actionsBefore = await h.store.plans.listActions(PLAN_ID);
    const { ctx, out } = command(h.store);
    expect(await plansCommand.run(['archive', PLAN_ID], ctx)).toBe(0);
    expect(out()).toContain(`Archived plan ${PLAN_ID}: nothing more is sent for it`);

    const summary = await h.tick(BUSY_DAY, { planId: undefined });
    expect(summary).toMatchObject({ plans: 0, cyclesOpened: 0, prompts: 0, overdueChases: 0, escalations: 0, sent: 0 });
    expect(delivered(h.connector)).toHaveLength(0);
    await expect(h.tick(BUSY_DAY)).rejects.toThrow(`Plan ${PLAN_ID} is archived: nothing is sent for it.`);

    expect(await h.store.plans.listActions(PLAN_ID)).toEqual(actionsBefore);
    const listing = command(h.store);
    await plansCommand.run([], listing.ctx);
    expect(rowsOf(listing.out())[1]).toEqual([PLAN_ID, PLAN_ID, '76', '1 Sep 2023', 'archived 2 Oct 2023']);
  });

  it('sends again from the next tick once the plan is restored', async () => {
    await plansCommand.run(['archive', PLAN_ID], command(h.store).ctx);
    const { ctx, out } = command(h.store);
    expect(await plansCommand.run(['restore', PLAN_ID], ctx)).toBe(0);
    expect(out()).toBe(`Restored plan ${PLAN_ID}: the scheduler runs its cycles again from the next tick.\n`);
    const summary = await h.tick(BUSY_DAY);
    expect(summary.cyclesOpened).toBeGreaterThan(0);
    expect(summary.sent).toBeGreaterThanOrEqual(8);
    expect((await h.store.plans.getPlan(PLAN_ID))?.archivedAt).toBeUndefined();
  });

  it('leaves an archived plan out of the plan commands choose by default, and still reads it when named', async () => {
    await importSecondPlan(h.store, 'devon-2023');
    const several = command(h.store);
    expect(await statusCommand.run([], several.ctx)).toBe(1);
    expect(several.err()).toContain('Several plans are stored (devon-2023, plymouth-2023)');

    await plansCommand.run(['archive', 'devon-2023'], command(h.store).ctx);
    const one = command(h.store);
    expect(await statusCommand.run([], one.ctx)).toBe(0);
    expect(one.out()).toMatch(/^plymouth-2023: 76 actions/);
    const named = command(h.store);
    expect(await statusCommand.run(['--plan', 'devon-2023'], named.ctx)).toBe(0);
    expect(named.out()).toMatch(/^devon-2023: 76 actions/);

    await plansCommand.run(['archive', PLAN_ID], command(h.store).ctx);
    const none = command(h.store);
    expect(await statusCommand.run([], none.ctx)).toBe(1);
    expect(none.err()).toContain('Every plan stored is archived (devon-2023, plymouth-2023): name one with --plan ID to read it.');
  });

  it('keeps a plan archived through a re-import of a changed file', async () => {
    await plansCommand.run(['archive', PLAN_ID], command(h.store).ctx);
    const dir = copyFixture(PLAN_ID);
    editRows(dir, 'actions.csv', (rows) => {
      rows[0]!.note = 'Changed after archiving';
    });
    const result = await importPlan(h.store, dir, { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-10-03T09:00:00Z') });
    expect(result.ok).toBe(true);
    const plan = await h.store.plans.getPlan(PLAN_ID);
    expect(plan).toMatchObject({ state: 'archived', archivedAt: '2023-10-02T10:00:00.000Z', importedAt: '2023-10-03T09:00:00.000Z' });
  });

  it('answers archiving twice, an unknown plan and bad usage with what was wrong', async () => {
    await plansCommand.run(['archive', PLAN_ID], command(h.store).ctx);
    const again = command(h.store);
    expect(await plansCommand.run(['archive', PLAN_ID], again.ctx)).toBe(0);
    expect(again.out()).toBe(`Plan ${PLAN_ID} was already archived; nothing was changed.\n`);

    const unknown = command(h.store);
    expect(await plansCommand.run(['archive', 'nowhere'], unknown.ctx)).toBe(1);
    expect(unknown.err()).toBe(`There is no plan "nowhere". The plans stored are: ${PLAN_ID}.\n`);

    await expect(plansCommand.run(['delete', PLAN_ID], command(h.store).ctx)).rejects.toThrow('Unknown plans command "delete": use archive, restore, settings or set.');
    await expect(plansCommand.run(['archive'], command(h.store).ctx)).rejects.toThrow('Say which plan to archive: planpulse plans archive ID.');
  });
});
