/**
 * The channel summary at a cycle's close lists the group's red actions, its open escalations and
 * its overdue actions whenever they became so, not only those of the cycle's own window.
 */
import { fixedClock, type Clock } from '../../src/domain/clock';
import type { Group } from '../../src/domain/model';
import { raiseEscalation } from '../../src/escalation/raise';
import { importPlan } from '../../src/import';
import { groupIdOf } from '../../src/import/ids';
import { channelSummaryCard } from '../../src/reporting/reports';
import type { CycleState } from '../../src/storage/cycleRepository';
import type { Store } from '../../src/storage/store';
import { textOf } from '../cards/plymouthCards';
import { FIXTURE } from '../import/helpers';
import { makeTestStore } from '../support/store';

const PLAN = 'plymouth-2023';
const TZ = 'Europe/London';
let store: Store;
let inclusion: Group;

const closingCycle = (meetingDate: string, openedAt: string): CycleState => ({
  planId: PLAN, groupId: inclusion.id, groupKind: 'taskAndFinish', meetingDate, openDate: openedAt.slice(0, 10), closeDate: meetingDate,
  openedAt, state: 'open', stepsDone: ['open', 'reminder', 'lastCall'], asked: {}, delegated: {}, away: [],
});

async function summaryAt(now: string, cycle: CycleState, clock: Clock = fixedClock(now)): Promise<string> {
  const { card } = await channelSummaryCard({ store, clock, timeZone: TZ }, inclusion, cycle);
  return textOf(card);
}

beforeAll(async () => {
  store = await makeTestStore();
  await importPlan(store, FIXTURE, { timeZone: TZ, clock: fixedClock('2023-12-01T09:00:00Z') });
  inclusion = (await store.plans.listGroups(PLAN)).find((g) => g.id === groupIdOf('Inclusion'))!;
  // Two cycles before the meeting of 15 Feb 2024, a lead rated 3.2 red and asked for escalation.
  await store.plans.modifyAction(PLAN, '3.2', (a) => ({ ...a, brag: 'red', lastUpdateAt: '2024-01-03T10:00:00.000Z', updateCount: 1 }));
  await raiseEscalation(
    store,
    { planId: PLAN, ref: '3.2', cause: 'leadRequest', level: 'chair', occasion: 'update-3.2-1', reason: 'The learning programme has no funding; we ask the chair to raise it with the schools forum.', raisedBy: 'lead@x' },
    fixedClock('2024-01-03T10:00:00Z'),
  );
});

describe('the channel summary at a cycle’s close', () => {
  it('lists a red action with an escalation request raised two cycles ago in the close summary', async () => {
    const text = await summaryAt('2024-02-15T16:00:00Z', closingCycle('2024-02-15', '2024-02-08T09:00:00.000Z'));
    expect(text).toContain('Red actions');
    expect(text).toContain('**3.2** Early years, school and college leaders will develop');
    expect(text).toContain('Last update 3 Jan 2024');
    expect(text).toContain("**3.2** Lead's request · Open");
    expect(text).toContain('The learning programme has no funding');
  });

  it('lists an action overdue since long before the cycle opened', async () => {
    // 3.3 was due in December 2023 (the last working day, 29 Dec) and was never rated complete.
    const text = await summaryAt('2024-02-15T16:00:00Z', closingCycle('2024-02-15', '2024-02-08T09:00:00.000Z'));
    expect(text).toContain('Overdue actions');
    expect(text).toMatch(/\*\*3\.3\*\* due 29 Dec 2023 · 48 days overdue/);
  });

  it('drops an escalation once resolved before the cycle, and keeps one resolved during it to show what was done', async () => {
    const [escalation] = await store.escalations.listOpen(PLAN);
    await store.escalations.setState(PLAN, escalation!.id, { state: 'resolved', by: 'chair@x', at: new Date('2024-02-09T10:00:00Z'), note: 'Funded' });
    const during = await summaryAt('2024-02-15T16:00:00Z', closingCycle('2024-02-15', '2024-02-08T09:00:00.000Z'));
    expect(during).toContain("**3.2** Lead's request · Resolved");
    const later = await summaryAt('2024-03-07T16:00:00Z', closingCycle('2024-03-07', '2024-02-29T09:00:00.000Z'));
    expect(later).not.toContain("Lead's request");
    expect(later).toContain('**3.2** Early years');
  });
});
