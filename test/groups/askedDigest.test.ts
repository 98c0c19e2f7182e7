/**
 * `digest` said in a channel: a board's channel gets the board's report, and a group's summary
 * asked for before its meeting does not stop the summary being posted when the cycle closes.
 */
import { cardText, startGroupsBot, type GroupsBot } from './support';
import type { TestUser } from '../support/botHarness';

jest.setTimeout(120_000);

const INCLUSION_CHANNEL = '19:inclusion-channel@thread.tacv2';
const SSDG_CHANNEL = '19:ssdg-channel@thread.tacv2';

describe('digest asked for in a channel', () => {
  let bot: GroupsBot;
  let jb: TestUser;
  let dh: TestUser;
  const posts = (channel: string, words: string) =>
    bot.connector.sent
      .filter((r) => r.status < 300 && r.operation === 'send' && (r.conversationId ?? '').split(';')[0] === channel)
      .map((r) => cardText(r.activity))
      .filter((t) => t.includes(words));

  beforeAll(async () => {
    bot = await startGroupsBot('2023-11-08T09:00:00Z');
    jb = bot.user('jb@plymouth.example', 'Head of Education (JB)');
    dh = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
    for (const u of [jb, dh]) await bot.say(u, 'help');
    await bot.inChannel(jb, INCLUSION_CHANNEL, 'link inclusion');
    await bot.inChannel(dh, SSDG_CHANNEL, 'link strategic delivery');
  });
  afterAll(() => bot?.close());

  it('posts the board’s report in a board’s channel, not an empty group summary', async () => {
    await bot.inChannel(dh, SSDG_CHANNEL, 'digest');
    const reports = posts(SSDG_CHANNEL, 'exception report');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('SEND Strategic Delivery Group (SSDG)');
    expect(posts(SSDG_CHANNEL, 'This group has no actions to count')).toHaveLength(0);
  });

  it('still posts the close summary when the group’s summary was asked for before the meeting', async () => {
    await bot.tick('2023-11-09T09:30:00Z'); // Inclusion's cycle opens
    await bot.inChannel(jb, INCLUSION_CHANNEL, 'digest');
    const summaries = () => posts(INCLUSION_CHANNEL, 'Cycle summary for the meeting on 16 Nov 2023');
    expect(summaries()).toHaveLength(1);
    await bot.tick('2023-11-16T09:30:00Z'); // the meeting: the cycle closes
    expect(summaries()).toHaveLength(2);
  });
});
