/**
 * A month of the Plymouth plan with impact measures, the real server and scheduler: a tick at
 * 09:00 each working day from 31 January to 27 February 2024. January ends; on 1 February DH,
 * who owns "EHC plans issued within 20 weeks", is asked for January's value in the tick's one
 * message; the next day DH opens the form from the card's button and answers through
 * `measure.submit` (real activities to the real server); the chase stops; and the Strategic
 * Delivery Group's report at its 27 February meeting, posted in its channel, shows the value in
 * its scorecard.
 */
import { createAdapter } from '../../bot/adapter';
import { createBotTransport } from '../../bot/proactive/botTransport';
import { atPlanTime, isWorkingDay, addDays } from '../../src/calendar';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import/importPlan';
import { reportingHooks } from '../../src/reporting/hooks';
import { runTick } from '../../src/scheduler/tick';
import { startTestBot, type TestBot } from '../support/botHarness';
import { actionsIn, textOf } from '../cards/plymouthCards';
import { conversationIdOf, conversationRef, fastSleep } from '../scheduler/harness';
import { planWithMeasures } from './planWithMeasures';

jest.setTimeout(300_000);

const PLAN = 'plymouth-2023';
const TZ = 'Europe/London';
const DH = 'dh@plymouth.example';

interface Delivered {
  date: string;
  card: Record<string, unknown>;
}

let bot: TestBot;
const toDh: Delivered[] = [];
/** What the Strategic Delivery Group's channel received. */
const toBoard: Delivered[] = [];
const SSDG = 'send-strategic-delivery-group-ssdg';
const SSDG_CHANNEL = '19:ssdg@thread.tacv2';
const answers: Record<string, unknown> = {};

const measureButton = (card: unknown) => actionsIn(card).find((a) => a.verb === 'measure.open');

beforeAll(async () => {
  bot = await startTestBot({ now: '2024-01-31T08:00:00Z', importFixture: false });
  const imported = await importPlan(bot.store, planWithMeasures(), { timeZone: TZ, planId: PLAN, clock: fixedClock('2023-09-01T08:00:00Z') });
  if (!imported.ok) throw new Error(JSON.stringify(imported).slice(0, 400));
  for (const p of await bot.store.plans.listPeople(PLAN)) {
    await bot.store.identities.merge(p.email, { conversation: conversationRef(bot.connector.serviceUrl, p.id), reachable: true });
  }
  // The Strategic Delivery Group reads its report in its own channel.
  await bot.store.plans.modifyGroup(PLAN, SSDG, (g) => ({ ...g, channel: { serviceUrl: bot.connector.serviceUrl, channelId: 'msteams', conversation: { id: SSDG_CHANNEL, conversationType: 'channel', tenantId: 'tenant-1' }, bot: { id: '28:planpulse' }, tenantId: 'tenant-1' } }));
  const transport = createBotTransport(createAdapter({ MicrosoftAppType: 'MultiTenant' }), '');
  const hooks = reportingHooks({ transport });
  const dh = bot.user(DH, 'DCS PCC (DH)');
  for (let date = '2024-01-31'; date <= '2024-02-27'; date = addDays(date, 1)) {
    if (!isWorkingDay(date)) continue;
    // DH's cards reach the chat the plan first knew, then the one DH's own activities come from.
    const cardsToDh = () => [...bot.connector.cardsTo(conversationIdOf(DH)), ...bot.connector.cardsTo(dh.conversationId)];
    const seen = cardsToDh().length;
    const seenInChannel = bot.connector.cardsTo(SSDG_CHANNEL).length;
    await runTick({
      store: bot.store,
      transport,
      clock: fixedClock(atPlanTime(date, 9, TZ)),
      config: { PLAN_TIMEZONE: TZ, PLANPULSE_SEND_RATE: 200 },
      planId: PLAN,
      onCycleClosed: hooks,
      sender: { ratePerSecond: 200, baseBackoffMs: 200, sleep: fastSleep },
    });
    for (const card of cardsToDh().slice(seen)) toDh.push({ date, card });
    for (const card of bot.connector.cardsTo(SSDG_CHANNEL).slice(seenInChannel)) toBoard.push({ date, card });

    // DH answers the day after being asked, from the button on the card that asked.
    const ask = toDh.find((d) => measureButton(d.card));
    if (ask && !answers.form && date > ask.date) {
      bot.clock.set(atPlanTime(date, 11, TZ));
      const button = measureButton(ask.card)!;
      const form = await bot.invoke(dh, 'measure.open', button.data as Record<string, unknown>);
      answers.form = textOf(form.body.value);
      const submitAction = (form.body.value.actions as Array<{ verb: string; data: Record<string, unknown> }>).find((a) => a.verb === 'measure.submit')!;
      const recorded = await bot.invoke(dh, 'measure.submit', { ...submitAction.data, value: '53', note: 'Two plans late in the month', source: 'https://example.org/sen2/2024-01' });
      answers.confirmation = textOf(recorded.body.value);
      answers.day = date;
    }
  }
});
afterAll(async () => bot?.close());

describe('a month with impact measures', () => {
  it('asks DH for January’s value on the first working day of February, in the tick’s one message', () => {
    const asks = toDh.filter((d) => measureButton(d.card));
    expect(asks.map((d) => d.date)).toEqual(['2024-02-01']);
    expect(toDh.filter((d) => d.date === '2024-02-01')).toHaveLength(1);
    expect(textOf(asks[0]!.card)).toContain('The value for January 2024 (2024-01) · target 60% by 31 Dec 2024 (higher is better) · due by 8 Feb 2024');
  });

  it('takes DH’s answer through the form the card opens, the next day', async () => {
    expect(answers.day).toBe('2024-02-02');
    expect(answers.form).toContain('The value for January 2024 (2024-01), which ended on 31 Jan 2024.');
    expect(answers.confirmation).toContain('EHC plans issued within 20 weeks: 53% for January 2024. On track against the target.');
    expect(await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-01')).toMatchObject({ value: 53, recordedBy: DH, source: 'https://example.org/sen2/2024-01' });
  });

  it('sends no reminder or last call once the value is given', () => {
    expect(toDh.filter((d) => JSON.stringify(d.card).includes('"measureId":"ehcp-20wk"')).map((d) => d.date)).toEqual(['2024-02-01']);
  });

  it('shows the value in the scorecard of the board’s next report, with the quarterly measure off track among the exceptions', () => {
    const report = toBoard.find((d) => d.date === '2024-02-27' && textOf(d.card).includes('SEND Strategic Delivery Group (SSDG): exception report'));
    expect(report).toBeDefined();
    const text = textOf(report!.card);
    expect(text).toContain('Impact measures');
    expect(text).toContain('Latest 53% (January 2024); trajectory 50.8% · Target 60% by 31 Dec 2024 (higher is better)');
    expect(text).toContain('Actions that should move it: 1.1, 1.2');
    expect(text).toMatch(/Impact measures off track[\s\S]*\*\*Days to educational psychology advice\*\*/);
  });
});
