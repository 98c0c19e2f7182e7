/**
 * The plan's governance cadences are its own: `planpulse plans set` changes how often a green
 * action is asked whether it is embedded (`embeddingEveryCycles`, every second cycle by default)
 * and how many working days an escalation waits to be acknowledged before it climbs
 * (`escalationClimbWorkingDays`, 5 by default), and the scheduler follows them from the next tick.
 */
import { atPlanTime, planDateOf } from '../../src/calendar';
import * as plansCommand from '../../src/cli/commands/plans';
import { fixedClock } from '../../src/domain/clock';
import { climbEscalations } from '../../src/escalation/climb';
import { raiseEscalation } from '../../src/escalation/raise';
import { planTickContext, zeroCounts } from '../../src/scheduler/context';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { importPlan } from '../../src/import/importPlan';
import { cardText } from '../groups/support';
import { conversationIdOf, delivered, startHarness, type Harness } from '../scheduler/harness';
import { governanceFixture, PLAN_ID } from './fixture';
import { inProcessCli } from '../support/cliContext';

jest.setTimeout(120_000);

const FG = 'fg@plymouth.example';
const DH = 'dh@plymouth.example';
const GOVERNANCE = 'governance-oversight-culture-and-workforce';
const EMBEDDED = "Social Care and Children's Disability Team: is it embedded?";

function cli(h: Harness) {
  const { ctx, out, err } = inProcessCli(h.store, fixedClock('2023-10-02T10:00:00Z'));
  return { run: (...args: string[]) => plansCommand.run(args, ctx), out, err };
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ source: governanceFixture() });
});
afterEach(async () => h.close());

describe('planpulse plans set', () => {
  it('shows the plan’s settings with their defaults, and changes one', async () => {
    const shown = cli(h);
    expect(await shown.run('settings', PLAN_ID)).toBe(0);
    expect(shown.out()).toMatch(/^embeddingEveryCycles 2$/m);
    expect(shown.out()).toMatch(/^escalationClimbWorkingDays 5$/m);
    const set = cli(h);
    expect(await set.run('set', PLAN_ID, 'escalationClimbWorkingDays', '3')).toBe(0);
    expect(set.out()).toContain('escalationClimbWorkingDays is now 3');
    expect((await h.store.plans.getPlan(PLAN_ID))!.settings).toMatchObject({ escalationClimbWorkingDays: 3, embeddingEveryCycles: 2 });
  });

  it('refuses a setting it does not have and a value that is not a whole number of at least one, changing nothing', async () => {
    const unknown = cli(h);
    expect(await unknown.run('set', PLAN_ID, 'embedEvery', '3')).toBe(1);
    expect(unknown.err()).toContain('There is no setting "embedEvery". The settings are:');
    expect(unknown.err()).toContain('embeddingEveryCycles');
    const zero = cli(h);
    expect(await zero.run('set', PLAN_ID, 'embeddingEveryCycles', '0')).toBe(1);
    expect(zero.err()).toContain('embeddingEveryCycles takes a whole number of 1 or more; "0" is not one. Nothing was changed.');
    const words = cli(h);
    expect(await words.run('set', PLAN_ID, 'embeddingEveryCycles', 'two')).toBe(1);
    const missing = cli(h);
    expect(await missing.run('set', 'devon-2023', 'embeddingEveryCycles', '3')).toBe(1);
    expect(missing.err()).toContain('There is no plan "devon-2023". The plans stored are: plymouth-2023.');
    expect((await h.store.plans.getPlan(PLAN_ID))!.settings).toMatchObject({ embeddingEveryCycles: 2 });
  });

  it('keeps the settings when the plan is imported again', async () => {
    await cli(h).run('set', PLAN_ID, 'embeddingEveryCycles', '3');
    const again = await importPlan(h.store, governanceFixture(), { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-10-03T08:00:00Z') });
    expect(again.ok).toBe(true);
    expect((await h.store.plans.getPlan(PLAN_ID))!.settings).toMatchObject({ embeddingEveryCycles: 3 });
  });
});

describe('the scheduler with the plan’s own cadences', () => {
  it('asks about embedding at the first cycle after an action went green when embeddingEveryCycles is 1', async () => {
    expect(await cli(h).run('set', PLAN_ID, 'embeddingEveryCycles', '1')).toBe(0);
    const people = await h.store.plans.peopleById(PLAN_ID);
    const green = await submitUpdate({ store: h.store, clock: fixedClock('2023-10-09T10:00:00Z'), timeZone: 'Europe/London' }, PLAN_ID, people.get(FG)!, {
      ref: '5.1',
      brag: 'green',
      narrative: "The quality assurance framework for the Children's Disability Team is signed off and in use.",
      submissionId: 'fg-green',
    });
    expect(green.kind).toBe('recorded');
    // The group meets on 1 November, one cycle after 5.1 went green; its cycle opens on 25 October.
    const before = h.connector.sent.length;
    await h.tick(atPlanTime('2023-10-25', 9, 'Europe/London').toISOString(), { sender: { ratePerSecond: 200 } });
    const toFg = delivered(h.connector, before).filter((r) => r.conversationId === conversationIdOf(FG));
    expect(toFg).toHaveLength(1);
    expect(cardText(toFg[0]!.activity)).toContain(EMBEDDED);
    expect(cardText(toFg[0]!.activity)).toContain('**5.1**');
  });

  it('climbs an unacknowledged escalation after escalationClimbWorkingDays working days', async () => {
    expect(await cli(h).run('set', PLAN_ID, 'escalationClimbWorkingDays', '2')).toBe(0);
    const raised = await raiseEscalation(
      h.store,
      { planId: PLAN_ID, ref: '1.2', cause: 'leadRequest', occasion: 'u-1', reason: 'The ICB has not released the funding.', raisedBy: DH },
      fixedClock('2023-11-20T10:00:00Z'),
    );
    expect(raised.escalation.targetGroupId).toBe(GOVERNANCE);
    const plan = (await h.store.plans.getPlan(PLAN_ID))!;
    const climbAt = (iso: string) => {
      const at = new Date(iso);
      return climbEscalations(planTickContext(h.store, fixedClock(at), plan, 'Europe/London', at, planDateOf(at, 'Europe/London'), zeroCounts()));
    };
    expect(await climbAt('2023-11-21T09:00:00Z')).toBe(0); // one working day
    expect(await climbAt('2023-11-22T09:00:00Z')).toBe(1); // two working days: not five
    expect((await h.store.escalations.get(PLAN_ID, raised.escalation.id))!.value.climbedFrom).toEqual([GOVERNANCE]);
  });
});
