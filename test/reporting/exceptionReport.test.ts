/**
 * The board's exception report: each action once with every reason it is there, its numbers
 * computed once as at the meeting, and a past meeting's report kept as it was, with what
 * changed later shown as an addendum.
 */
import { fixedClock } from '../../src/domain/clock';
import type { Group } from '../../src/domain/model';
import { raiseEscalation } from '../../src/escalation/raise';
import { importPlan } from '../../src/import';
import { groupIdOf } from '../../src/import/ids';
import { boardReportCard } from '../../src/reporting/reports';
import type { Store } from '../../src/storage/store';
import { actionsIn, textOf } from '../cards/plymouthCards';
import { FIXTURE } from '../import/helpers';
import { makeTestStore } from '../support/store';

const PLAN = 'plymouth-2023';
const TZ = 'Europe/London';
const MEETING = '2024-01-16';
let store: Store;
let board: Group;

const reportAt = async (now: string) => boardReportCard({ store, clock: fixedClock(now), timeZone: TZ }, board, MEETING);

async function closeBoardCycle() {
  await store.cycles.insert({
    planId: PLAN, groupId: board.id, groupKind: 'board', meetingDate: MEETING, openDate: '2024-01-09', closeDate: MEETING, openedAt: '2024-01-09T09:00:00.000Z',
    state: 'closed', closedAt: `${MEETING}T09:00:00.000Z`, stepsDone: ['open', 'reminder', 'lastCall'], asked: {}, delegated: {}, away: [],
  });
}

beforeEach(async () => {
  store = await makeTestStore();
  await importPlan(store, FIXTURE, { timeZone: TZ, clock: fixedClock('2023-10-02T09:00:00Z') });
  board = (await store.plans.getGroup(PLAN, groupIdOf('SEND Strategic Delivery Group (SSDG)')))!.value;
  // 7.6 was due on 31 Oct 2023. Two weeks later the scheduler escalated it as overdue, and its
  // lead rated it red and asked for escalation.
  await raiseEscalation(
    store,
    { planId: PLAN, ref: '7.6', cause: 'overdue', level: 'chair', occasion: '14d:2023-10-31', reason: 'Not complete and 14 days past its completion date (2023-10-31).', raisedBy: 'planpulse' },
    fixedClock('2023-11-14T09:00:00Z'),
  );
  await store.plans.modifyAction(PLAN, '7.6', (a) => ({ ...a, brag: 'red', lastUpdateAt: '2023-11-20T10:00:00.000Z', updateCount: 1 }));
  await raiseEscalation(
    store,
    { planId: PLAN, ref: '7.6', cause: 'leadRequest', level: 'board', occasion: 'update-7.6-1', reason: 'Recruitment is frozen; we ask the board to lift the freeze for therapists.', raisedBy: 'tc@plymouth.example' },
    fixedClock('2023-11-20T10:00:00Z'),
  );
});

describe('the exception report', () => {
  it('lists an action that is overdue and escalated once, with both reasons', async () => {
    const text = textOf(await reportAt(`${MEETING}T17:00:00Z`));
    expect(text.match(/\*\*7\.6\*\* Health Wait Lists · Within LSW/g)).toHaveLength(1);
    expect(text).toContain('Red · 77 days overdue · Escalated for 2 causes');
    expect(text).toContain('**7.6** Health Wait Lists · Overdue');
    expect(text).toContain("**7.6** Health Wait Lists · Lead's request");
    expect(text).toContain('Recruitment is frozen; we ask the board to lift the freeze for therapists.');
  });

  it('counts every number as at the meeting, not as at when an escalation was raised or the report was opened', async () => {
    const text = textOf(await reportAt('2024-02-06T10:00:00Z'));
    // Opened three weeks after the meeting, before anything was kept: still as at 16 Jan 2024.
    expect(text).toContain('Red · 77 days overdue');
    expect(text).toContain('as at 16 Jan 2024');
    expect(text).not.toContain('14 days past its completion date');
    expect(text).not.toMatch(/\b98 days overdue/);
  });

  it("keeps a past meeting's exception report as it was when an escalation is acknowledged later", async () => {
    await closeBoardCycle();
    const atMeeting = await reportAt(`${MEETING}T17:00:00Z`);
    const before = textOf(atMeeting);
    expect(actionsIn(atMeeting).filter((a) => a.verb === 'escalation.ack')).toHaveLength(2);

    // After the meeting: the lead's request is acknowledged, and another action turns red.
    const request = (await store.escalations.listOpen(PLAN)).find((e) => e.cause === 'leadRequest')!;
    await store.escalations.setState(PLAN, request.id, { state: 'acknowledged', by: 'dh@plymouth.example', at: new Date('2024-02-05T10:00:00Z') });
    await store.plans.modifyAction(PLAN, '3.2', (a) => ({ ...a, brag: 'red', lastUpdateAt: '2024-02-01T10:00:00.000Z', updateCount: 1 }));

    const reopened = textOf(await reportAt('2024-02-06T10:00:00Z'));
    const [report, addendum] = reopened.split('\nAfter this meeting\n');
    expect(report).toBe(before);
    expect(reopened).not.toContain('**3.2**');
    expect(addendum).toBe("7.6 (Lead's request): Acknowledged by DCS PCC (DH) on 5 Feb 2024 after this meeting");
  });

  it('offers Acknowledge on a kept report only for escalations still open', async () => {
    await closeBoardCycle();
    await reportAt(`${MEETING}T17:00:00Z`);
    const request = (await store.escalations.listOpen(PLAN)).find((e) => e.cause === 'leadRequest')!;
    await store.escalations.setState(PLAN, request.id, { state: 'acknowledged', by: 'dh@plymouth.example', at: new Date('2024-02-05T10:00:00Z') });
    const acks = actionsIn(await reportAt('2024-02-06T10:00:00Z')).filter((a) => a.verb === 'escalation.ack');
    expect(acks).toHaveLength(1);
    expect(acks[0]!.data).not.toMatchObject({ escalationId: request.id });
  });

  it('shows a resolution after the meeting with its note, and a report before the meeting is not kept', async () => {
    const early = textOf(await reportAt('2024-01-10T10:00:00Z'));
    expect(early).toContain('as at 10 Jan 2024');
    await closeBoardCycle();
    await reportAt(`${MEETING}T17:00:00Z`);
    const request = (await store.escalations.listOpen(PLAN)).find((e) => e.cause === 'leadRequest')!;
    await store.escalations.setState(PLAN, request.id, { state: 'resolved', by: 'dh@plymouth.example', at: new Date('2024-02-05T10:00:00Z'), note: 'Two posts approved.' });
    const reopened = textOf(await reportAt('2024-02-06T10:00:00Z'));
    expect(reopened).toContain('as at 16 Jan 2024');
    expect(reopened).toContain("7.6 (Lead's request): Resolved by DCS PCC (DH) on 5 Feb 2024 after this meeting: Two posts approved.");
  });

  it("keeps a progress report for a past meeting as it was when an action moves later", async () => {
    await store.plans.modifyGroup(PLAN, board.id, (g) => ({ ...g, reports: 'progress' }));
    board = (await store.plans.getGroup(PLAN, board.id))!.value;
    await closeBoardCycle();
    const before = textOf(await reportAt(`${MEETING}T17:00:00Z`));
    expect(before).not.toContain('3.2');
    await store.plans.modifyAction(PLAN, '3.2', (a) => ({ ...a, brag: 'red', lastUpdateAt: '2024-02-01T10:00:00.000Z', updateCount: 1 }));
    expect(textOf(await reportAt('2024-02-06T10:00:00Z'))).toBe(before);
  });
});
