/**
 * A channel reports for one group, and only that group's chair or an administrator can hand it
 * to another: a chair of one group cannot silently take another group's channel, and when an
 * administrator moves it, that group's chair is told in a message of their own.
 */
import { cardText, startGroupsBot, PLAN_ID, type GroupsBot } from '../groups/support';
import { groupIdOf } from '../../src/import/ids';
import { createBotTransport } from '../../bot/proactive/botTransport';
import { deliverNow } from '../../src/outbox/sender';

const CHANNEL = '19:inclusion-rebind@thread.tacv2';

const lastInChannel = (bot: GroupsBot) => {
  const posts = bot.connector.sent.filter((r) => r.status < 300 && (r.operation === 'send' || r.operation === 'reply') && (r.conversationId ?? '').split(';')[0] === CHANNEL);
  return cardText(posts[posts.length - 1]?.activity);
};
const channelOf = async (bot: GroupsBot, name: string) => (await bot.store.plans.getGroup(PLAN_ID, groupIdOf(name)))?.value.channel?.conversation.id;

let bot: GroupsBot;
beforeAll(async () => {
  bot = await startGroupsBot('2023-11-08T09:00:00Z');
}, 60_000);
afterAll(() => bot?.close());

it("refuses another group's chair who tries to link a channel already linked to a group they do not chair", async () => {
  const jb = bot.user('jb@plymouth.example'); // chair of Inclusion
  const hp = bot.user('hp@plymouth.example'); // chair of Health Wait Lists
  await bot.inChannel(jb, CHANNEL, 'link Inclusion');
  expect(await channelOf(bot, 'Inclusion')).toBe(CHANNEL);

  await bot.inChannel(hp, CHANNEL, 'link Health Wait Lists');
  const text = lastInChannel(bot);
  expect(text).toContain('This channel is linked to Inclusion');
  expect(text).toContain('Nothing was changed');
  expect(await channelOf(bot, 'Inclusion')).toBe(CHANNEL);
  expect(await channelOf(bot, 'Health Wait Lists')).toBeUndefined();
});

it("lets an administrator move it, and says in the channel that the other group's summaries no longer come here and who its chair is", async () => {
  const ap = bot.user('ap@plymouth.example'); // plan administrator
  await bot.inChannel(ap, CHANNEL, 'link Health Wait Lists');
  const text = lastInChannel(bot);
  expect(text).toContain('Linked to Health Wait Lists');
  expect(text).toMatch(/Inclusion's cycle summaries no longer come here \(its chair, .*Head of Education \(JB\)/);
  expect(await channelOf(bot, 'Inclusion')).toBeUndefined();
  expect(await channelOf(bot, 'Health Wait Lists')).toBe(CHANNEL);
});

it("tells the other group's chair in a message of their own, through the outbox, when an administrator moves their channel", async () => {
  const OTHER_CHANNEL = '19:inclusion-second@thread.tacv2';
  const jb = bot.user('jb@plymouth.example'); // chair of Inclusion
  const ap = bot.user('ap@plymouth.example'); // plan administrator
  await bot.say(jb, 'help'); // jb's personal chat with the bot
  await bot.inChannel(jb, OTHER_CHANNEL, 'link Inclusion');
  expect(await channelOf(bot, 'Inclusion')).toBe(OTHER_CHANNEL);

  await bot.inChannel(ap, OTHER_CHANNEL, 'link Health Wait Lists');
  expect(await channelOf(bot, 'Health Wait Lists')).toBe(OTHER_CHANNEL);
  const queued = (await bot.store.outbox.listDue(PLAN_ID, bot.clock.now())).map((r) => r.value).filter((m) => m.kind === 'channelMoved');
  expect(queued.map((m) => m.recipientId)).toEqual(['jb@plymouth.example']);

  const transport = createBotTransport(bot.running.adapter, '');
  const result = await deliverNow({ store: bot.store, transport, clock: bot.clock, planId: PLAN_ID }, queued.map((m) => m.key));
  expect(result.sent).toBe(1);
  const told = cardText(bot.connector.cardsTo(jb.conversationId).at(-1));
  expect(told).toContain("Inclusion's channel now reports for Health Wait Lists");
  expect(told).toMatch(/\(a plan administrator\) linked the channel that received Inclusion's cycle summaries to Health Wait Lists on \d{1,2} [A-Z][a-z]{2} 20\d\d/);
  expect(told).toContain('say "@Plan Pulse link Inclusion" in the channel where they should go');
  expect(await bot.store.outbox.get(PLAN_ID, queued[0]!.key)).toMatchObject({ value: { status: 'sent' } });
});
