/**
 * Nothing skipped: a meeting whose cycle never opened (no tick on its opening day) still closes
 * on its meeting day with its report, and a tick after a long gap closes every meeting missed,
 * oldest first, each report saying it is late.
 */
import { addDays, atPlanTime, isWorkingDay } from '../../src/calendar';
import { formatDate } from '../../src/cards';
import { cardText, startGroupsBot, PLAN_ID, type GroupsBot } from './support';

jest.setTimeout(180_000);

const SSDG_CHANNEL = '19:ssdg-channel@thread.tacv2';
const SSDG = 'send-strategic-delivery-group-ssdg';

describe('meetings the scheduler was not running for', () => {
  let bot: GroupsBot;
  const reports = () =>
    bot.connector.transcript(SSDG_CHANNEL)
      .map((e) => cardText(e.activity))
      .filter((t) => t.includes('exception report'));

  beforeAll(async () => {
    bot = await startGroupsBot('2023-11-20T09:00:00Z');
    const dh = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
    await bot.say(dh, 'help');
    await bot.inChannel(dh, SSDG_CHANNEL, 'link strategic delivery');
  });
  afterAll(() => bot?.close());

  it('posts the board’s report on its meeting day although its cycle never opened', async () => {
    // The SSDG's cycle for 5 December opened on 28 November; no tick ran until the meeting.
    const summary = await bot.tick('2023-12-05T09:30:00Z');
    expect(summary.closedCycles.filter((c) => c.groupId === SSDG).map((c) => [c.meetingDate, c.late])).toEqual([['2023-12-05', false]]);
    expect(reports()).toHaveLength(1);
    expect(reports()[0]).toContain('Meeting 5 Dec 2023');
    expect(reports()[0]).not.toContain('Late:');
    expect((await bot.store.cycles.get(PLAN_ID, SSDG, '2023-12-05'))!.value).toMatchObject({ state: 'closed', neverOpened: true });
  });

  it('after a long gap closes every meeting missed, in order, each report marked late', async () => {
    const board = (await bot.store.plans.getGroup(PLAN_ID, SSDG))!.value;
    const first = addDays('2023-12-05', board.cadenceDays);
    const second = addDays(first, board.cadenceDays);
    let day = addDays(second, 3);
    while (!isWorkingDay(day)) day = addDays(day, 1);
    const summary = await bot.tick(atPlanTime(day, 10, 'Europe/London').toISOString());
    expect(summary.closedCycles.filter((c) => c.groupId === SSDG).map((c) => [c.meetingDate, c.late])).toEqual([
      [first, true],
      [second, true],
    ]);
    const late = reports().slice(1);
    expect(late).toHaveLength(2);
    expect(late[0]).toContain(`Meeting ${formatDate(first, 'Europe/London')}`);
    expect(late[1]).toContain(`Meeting ${formatDate(second, 'Europe/London')}`);
    for (const [i, meeting] of [first, second].entries()) {
      expect(late[i]).toContain(`Late: made on ${formatDate(day, 'Europe/London')}, after the meeting on ${formatDate(meeting, 'Europe/London')}`);
    }
    // Every task-and-finish group's missed meetings closed too, oldest first.
    const byGroup = new Map<string, string[]>();
    for (const c of summary.closedCycles) byGroup.set(c.groupId, [...(byGroup.get(c.groupId) ?? []), c.meetingDate]);
    for (const dates of byGroup.values()) expect(dates).toEqual([...dates].sort());
  });
});
