/**
 * The Strategic Delivery Group receives progress (`reports = progress`): its report, like the
 * Improvement Board's exception report, says when it was made late (Plan Pulse was not running
 * on the meeting day) and refreshes for the board's members through `board.refresh`, which
 * answers with the board's report by its remit.
 */
import { createBotTransport } from '../../bot/proactive/botTransport';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import/importPlan';
import { boardReportKey } from '../../src/reporting/messages';
import { reportingHooks } from '../../src/reporting/hooks';
import { runTick } from '../../src/scheduler/tick';
import { startTestBot, type TestBot } from '../support/botHarness';
import { cardText } from '../groups/support';
import { governanceFixture, PLAN_ID } from './fixture';

jest.setTimeout(120_000);

const SSDG = 'send-strategic-delivery-group-ssdg';
const DH = 'dh@plymouth.example';
let bot: TestBot;
let report: unknown;

/** The card's refresh block, as Teams reads it. */
const refreshOf = (activity: unknown) =>
  (activity as { attachments: Array<{ content: { refresh?: { action: { verb: string; data: unknown }; userIds: string[] } } }> }).attachments[0]!.content.refresh;

beforeAll(async () => {
  bot = await startTestBot({ importFixture: false, now: '2023-10-25T10:00:00Z' });
  const imported = await importPlan(bot.store, governanceFixture(), { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-09-01T08:00:00Z') });
  if (!imported.ok) throw new Error('The governance fixture did not import.');
  // DH (the SSDG's chair) has talked to the bot, so Teams knows their user id.
  await bot.store.identities.merge(DH, { teamsUserId: '29:dh-teams-user', reachable: true });
  // The SSDG reads its report in its own channel.
  await bot.store.plans.modifyGroup(PLAN_ID, SSDG, (g) => ({
    ...g,
    channel: { serviceUrl: bot.connector.serviceUrl, channelId: 'msteams', conversation: { id: '19:ssdg@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' }, bot: { id: '28:planpulse' }, tenantId: 'tenant-1' },
  }));
  // Plan Pulse was not running on 24 October, the SSDG's meeting day: the first tick is the day after.
  await runTick({
    store: bot.store,
    transport: createBotTransport(bot.running.adapter, ''),
    clock: fixedClock('2023-10-25T08:00:00Z'),
    config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50 },
    planId: PLAN_ID,
    onCycleClosed: reportingHooks(),
    sender: { ratePerSecond: 200 },
  });
  report = (await bot.store.outbox.get(PLAN_ID, boardReportKey(SSDG, '2023-10-24')))?.value.activity;
});
afterAll(async () => bot?.close());

describe('the progress report', () => {
  it('says it was made late, after the meeting, as the exception report does', () => {
    expect(report).toBeDefined();
    const text = cardText(report);
    expect(text).toContain('SEND Strategic Delivery Group (SSDG): progress report');
    expect(text).toContain('Late: made on 25 Oct 2023, after the meeting on 24 Oct 2023, because Plan Pulse was not running when it was due.');
  });

  it('refreshes for the board’s members through board.refresh for its meeting', () => {
    const refresh = refreshOf(report);
    expect(refresh?.action).toEqual({ type: 'Action.Execute', verb: 'board.refresh', data: { planId: PLAN_ID, groupId: SSDG, cycleId: '2023-10-24' } });
    expect(refresh?.userIds).toContain('29:dh-teams-user');
  });

  it('comes back as the progress report, still marked late, when the chair’s card refreshes', async () => {
    const dh = bot.user(DH, 'Dan Hall');
    const res = await bot.invoke(dh, 'board.refresh', { planId: PLAN_ID, groupId: SSDG, cycleId: '2023-10-24' });
    expect(res.status).toBe(200);
    const text = cardText(res.body.value);
    expect(text).toContain('progress report');
    expect(text).not.toContain('exception report');
    expect(text).toContain('Late: made on 25 Oct 2023');
  });
});
