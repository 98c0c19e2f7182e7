/**
 * The plan's governance rules on the Plymouth fixture (with its governance table's co-chairs):
 * BRAG with the legend's meaning, nobody deciding on their own request, co-chairs sharing the
 * chair's rights, and SROs acting for their area.
 */
import { fixedClock } from '../../src/domain/clock';
import type { Group, Person } from '../../src/domain/model';
import { chairAuthority, chairsOf, deciderLevel } from '../../src/decisions/authority';
import { decideRevisedDate } from '../../src/decisions/revisedDates';
import { importPlan } from '../../src/import/importPlan';
import type { Store } from '../../src/storage/store';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { FIXTURE } from '../import/helpers';
import { makeTestStore } from '../support/store';
import { governanceFixture, importGovernancePlan, PLAN_ID } from './fixture';

const GOVERNANCE = 'governance-oversight-culture-and-workforce';
const SOCIAL_CARE = 'social-care-and-children-s-disability-team';
const SSDG = 'send-strategic-delivery-group-ssdg';
const BOARD = 'local-area-send-improvement-board';
const DH = 'dh@plymouth.example';
const AG = 'ag@plymouth.example';
const HP = 'hp@plymouth.example';
const SS = 'ss@plymouth.example';

// 15 January 2024: 1.4 (due October 2023) is overdue; 1.2 (due December 2023) too.
const clock = fixedClock('2024-01-15T10:00:00Z');
let store: Store;
let people: Map<string, Person>;
let groups: Group[];

const ctx = () => ({ store, clock, timeZone: 'Europe/London' });
const person = (id: string) => people.get(id)!;
let n = 0;
const form = (ref: string, fields: Record<string, unknown>) => (clock.advance(60_000), { ref, narrative: 'Progress this cycle, as discussed with the group.', submissionId: `s-${++n}`, ...fields });

beforeAll(async () => {
  ({ store, people, groups } = await importGovernancePlan());
});

describe('groups.csv: co-chairs, what a board receives, SROs', () => {
  it('reads every co-chair the chair cell names, the first as chair of record', () => {
    const governance = groups.find((g) => g.id === GOVERNANCE)!;
    expect(chairsOf(governance)).toEqual([DH, AG, HP]);
    expect(chairsOf(groups.find((g) => g.id === SOCIAL_CARE)!)).toEqual(['nd@plymouth.example', DH, HP]);
    expect(governance.chairId).toBe(DH);
  });

  it('gives the Strategic Delivery Group progress and the Improvement Board exceptions', () => {
    expect(groups.find((g) => g.id === SSDG)!.reports).toBe('progress');
    expect(groups.find((g) => g.id === BOARD)!.reports).toBe('exceptions');
  });

  it('maps an area SRO through people.csv like a lead, and keeps a compound SRO as text', async () => {
    const areas = await store.plans.listAreas(PLAN_ID);
    expect(areas.find((a) => a.number === 7)).toMatchObject({ sro: 'Deputy Director of Commissioning -Out of Hospital (SS)', sroId: SS });
    expect(areas.find((a) => a.number === 1)?.sroId).toBe(DH);
    expect(areas.find((a) => a.number === 6)?.sroId).toBeUndefined();
    expect((await store.plans.getAction(PLAN_ID, '7.2'))?.value.sroId).toBe(SS);
  });

  it('refuses "reports" on a task-and-finish group and an unknown word, naming the row', async () => {
    const dir = governanceFixture({
      groups: (rows) =>
        rows.map((g) => (g.group === 'Inclusion' ? { ...g, reports: 'progress' } : g.group === 'Local Area SEND Improvement Board' ? { ...g, reports: 'minutes' } : g)),
    });
    const other = await makeTestStore();
    const result = await importPlan(other, dir, { timeZone: 'Europe/London', planId: PLAN_ID, clock });
    expect(result.ok).toBe(false);
    const problems = (result as { problems: string[] }).problems.join('\n');
    expect(problems).toMatch(/groups\.csv:4: reports: only a board receives reports; "Inclusion" is a taskAndFinish group/);
    expect(problems).toMatch(/groups\.csv:10: reports: "minutes" is not what a board receives; use progress or exceptions/);
    expect(await other.plans.listPlans()).toEqual([]);
  });
});

describe('BRAG with its meaning', () => {
  it('refuses amber on an action past its due date with no revised date, and says why', async () => {
    const result = await submitUpdate(ctx(), PLAN_ID, person(DH), form('1.4', { brag: 'amber' }));
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.errors.brag).toBe(
      'Action 1.4 was due on 31 Oct 2023 and has no revised completion date, so it is not progressing to timescale. Rate it red (delayed), or keep amber and propose a revised completion date below for the chair to approve.',
    );
    expect(result.values.brag).toBe('amber');
    expect((await store.plans.getAction(PLAN_ID, '1.4'))?.value.updateCount).toBe(0);
  });

  it('records red on the same overdue action', async () => {
    const result = await submitUpdate(ctx(), PLAN_ID, person(DH), form('1.4', { brag: 'red' }));
    expect(result.kind).toBe('recorded');
    expect((await store.plans.getAction(PLAN_ID, '1.4'))?.value.brag).toBe('red');
  });

  it('records amber with a revised date proposed in the same update, and later while it is pending', async () => {
    const withDate = await submitUpdate(ctx(), PLAN_ID, person(DH), form('1.2', { brag: 'amber', revisedDue: '2024-03-29' }));
    expect(withDate.kind).toBe('recorded');
    const next = await submitUpdate(ctx(), PLAN_ID, person(HP), form('1.2', { brag: 'amber' }));
    expect(next.kind).toBe('recorded');
    expect((await store.plans.getAction(PLAN_ID, '1.2'))?.value.brag).toBe('amber');
  });

  it('accepts amber on an action not yet due', async () => {
    expect((await submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', { brag: 'amber' }))).kind).toBe('recorded');
  });

  it('refuses blue with no evidence source, against the evidence field', async () => {
    const result = await submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', { brag: 'blue' }));
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.errors.evidence).toMatch(/^Blue means complete and embedded: tick at least one evidence source/);
  });

  it('records blue with evidence as green with blue proposed, until a chair confirms', async () => {
    const result = await submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', { brag: 'blue', evidence: 'audit,data' }));
    expect(result.kind).toBe('recorded');
    if (result.kind !== 'recorded') return;
    expect(result.update).toMatchObject({ brag: 'green', proposesBlue: true, evidence: ['audit', 'data'] });
    const action = (await store.plans.getAction(PLAN_ID, '2.1'))!.value;
    expect(action.brag).toBe('green');
    expect(action.blueProposal).toEqual({ updateId: result.update.id, at: result.update.at, by: AG });
    expect(action.greenSince).toBe(clock.now().toISOString().slice(0, 10));
  });
});

describe('nobody decides on their own request', () => {
  const governance = () => groups.find((g) => g.id === GOVERNANCE)!;

  it('sends a decision on 1.2 (led by DH and HP) to the co-chair who does not lead it', async () => {
    const action = (await store.plans.getAction(PLAN_ID, '1.2'))!.value;
    expect(deciderLevel(action, governance(), groups)).toMatchObject({ group: { id: GOVERNANCE }, chairIds: [AG], levelsUp: 0 });
  });

  it('refuses the chair who leads the action, naming who decides instead', async () => {
    const action = (await store.plans.getAction(PLAN_ID, '1.2'))!.value;
    const pending = (await store.updates.history(PLAN_ID, '1.2')).find((u) => u.revisedDue)!;
    const refused = await decideRevisedDate(store, clock, { planId: PLAN_ID, ref: '1.2', updateId: pending.id, outcome: 'approved', decider: person(DH), groups, people, timeZone: 'Europe/London' });
    expect(refused).toEqual({
      kind: 'refused',
      message: `You lead action 1.2, so you cannot approve a revised completion date for action 1.2: nobody decides on their own request. It goes to ${person(AG).name} (Governance, oversight, culture and workforce). Nothing was changed.`,
    });
    expect((await store.plans.getAction(PLAN_ID, '1.2'))!.value.due).toBe(action.due);
    const approved = await decideRevisedDate(store, clock, { planId: PLAN_ID, ref: '1.2', updateId: pending.id, outcome: 'approved', decider: person(AG), groups, people, timeZone: 'Europe/London' });
    expect(approved).toMatchObject({ kind: 'decided', outcome: 'approved', action: { due: '2024-03-29' } });
  });

  it('goes up a level when every chair of the group leads the action', async () => {
    // 7.2 is led by HP, who chairs Health Wait Lists alone: the Strategic Delivery Group's chair decides.
    const action = (await store.plans.getAction(PLAN_ID, '7.2'))!.value;
    const level = deciderLevel(action, groups.find((g) => g.id === action.groupId)!, groups);
    expect(level).toMatchObject({ group: { id: SSDG }, chairIds: [DH], levelsUp: 1 });
  });

  it('with the fixture as published (one chair each), a decision on 1.2 climbs past DH twice to the Improvement Board', async () => {
    const plain = await makeTestStore();
    await importPlan(plain, FIXTURE, { timeZone: 'Europe/London', planId: PLAN_ID, clock });
    const plainGroups = await plain.plans.listGroups(PLAN_ID);
    const action = (await plain.plans.getAction(PLAN_ID, '1.2'))!.value;
    const level = deciderLevel(action, plainGroups.find((g) => g.id === GOVERNANCE)!, plainGroups);
    expect(level).toMatchObject({ group: { id: BOARD }, chairIds: ['improvement.board.chair@plymouth.example'], levelsUp: 2 });
  });

  it('gives a co-chair every chair right: HP may decide for 1.1, which HP does not lead', async () => {
    const action = (await store.plans.getAction(PLAN_ID, '1.1'))!.value;
    expect(chairAuthority(person(HP), governance(), groups, people, 'decide', action)).toEqual({ ok: true, as: 'chair' });
    expect(chairAuthority(person(AG), governance(), groups, people, 'decide', action)).toEqual({ ok: true, as: 'chair' });
  });

  it('lets the SRO of an area act as a chair for its actions, but not for another area', async () => {
    const own = (await store.plans.getAction(PLAN_ID, '7.2'))!.value;
    const other = (await store.plans.getAction(PLAN_ID, '1.1'))!.value;
    const wait = groups.find((g) => g.id === own.groupId)!;
    expect(chairAuthority(person(SS), wait, groups, people, 'decide', own)).toEqual({ ok: true, as: 'sro' });
    expect(chairAuthority(person(SS), governance(), groups, people, 'decide', other).ok).toBe(false);
  });
});

describe("a completion's day", () => {
  it("counts green from the plan's day, so an update at 00:30 on a summer morning is dated that morning", async () => {
    const lateNight = { store, clock: fixedClock('2024-06-03T23:30:00Z'), timeZone: 'Europe/London' };
    const result = await submitUpdate(lateNight, PLAN_ID, person(AG), { ref: '2.4', brag: 'green', narrative: 'Signed off by the group.', submissionId: 'late-night-green' });
    expect(result.kind).toBe('recorded');
    expect((await store.plans.getAction(PLAN_ID, '2.4'))!.value.greenSince).toBe('2024-06-04');
  });
});
