/**
 * The status card's open escalations show when each was raised as a date in the plan's time
 * zone (PLAN_TIMEZONE), not in a zone the code assumed.
 */
import { cardText } from '../groups/support';
import { PLAN_ID, startTestBot, type TestBot } from '../support/botHarness';

// 12:30 UTC on 19 November: already 20 November in Auckland (UTC+13), still the 19th in London.
const RAISED_AT = '2023-11-19T12:30:00.000Z';

async function statusSeenByAdministrator(timeZone: string): Promise<{ bot: TestBot; text: string }> {
  const bot = await startTestBot({ now: '2023-11-20T10:00:00Z', env: { PLAN_TIMEZONE: timeZone } });
  const admin = bot.user('ap@plymouth.example');
  await bot.say(admin, 'help');
  const action = (await bot.store.plans.getAction(PLAN_ID, '3.5'))!.value;
  await bot.store.escalations.insert({
    planId: PLAN_ID,
    id: 'tz-3.5',
    ref: '3.5',
    groupId: action.groupId,
    level: 'chair',
    targetGroupId: action.groupId,
    cause: 'leadRequest',
    reason: 'Funding for the inclusion hub is not agreed',
    raisedAt: RAISED_AT,
    raisedBy: 'mm@plymouth.example',
    state: 'open',
  });
  await bot.say(admin, 'status');
  return { bot, text: cardText(await bot.lastCardTo(admin)) };
}

describe('escalation dates on the status card', () => {
  it("shows when an escalation was raised as a date in the plan's time zone", async () => {
    const { bot, text } = await statusSeenByAdministrator('Pacific/Auckland');
    try {
      expect(text).toContain('Funding for the inclusion hub is not agreed');
      expect(text).toContain('since 20 Nov 2023');
      expect(text).not.toContain('since 19 Nov 2023');
    } finally {
      await bot.close();
    }
  });

  it('shows the same instant as the day before where the plan keeps London time', async () => {
    const { bot, text } = await statusSeenByAdministrator('Europe/London');
    try {
      expect(text).toContain('since 19 Nov 2023');
    } finally {
      await bot.close();
    }
  });
});
