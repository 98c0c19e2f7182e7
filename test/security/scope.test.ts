/**
 * What people can read beyond their own actions, as the Terms page says: a channel's status
 * is its group's; escalations with their reasons are for the chairs above them and the
 * administrators; an action's history is for its leads, the chairs above it and the
 * administrators; a board's report is for those it reports to and from.
 */
import { cardText, startGroupsBot, PLAN_ID, type GroupsBot } from '../groups/support';
import type { TestUser } from '../support/botHarness';
import { groupIdOf } from '../../src/import/ids';

const INCLUSION_CHANNEL = '19:inclusion-scope@thread.tacv2';
const LOOSE_CHANNEL = '19:not-linked@thread.tacv2';

/** The latest card posted into a channel (or a thread in it). */
const lastInChannel = (bot: GroupsBot, channelId: string) => {
  const posts = bot.connector.sent.filter((r) => r.status < 300 && (r.operation === 'send' || r.operation === 'reply') && (r.conversationId ?? '').split(';')[0] === channelId);
  return cardText(posts[posts.length - 1]?.activity);
};

describe('who reads what', () => {
  let bot: GroupsBot;
  let jb: TestUser; // chair of Inclusion
  let mm: TestUser; // lead of 3.5 (Inclusion)
  let hp: TestUser; // chair of Health Wait Lists and lead of 4.1
  let tl: TestUser; // lead of 1.1 only: chairs nothing
  let dh: TestUser; // chair of the SSDG board, above every group
  let ap: TestUser; // plan administrator

  beforeAll(async () => {
    bot = await startGroupsBot('2023-11-08T09:00:00Z');
    jb = bot.user('jb@plymouth.example');
    mm = bot.user('mm@plymouth.example');
    hp = bot.user('hp@plymouth.example');
    tl = bot.user('tl@plymouth.example');
    dh = bot.user('dh@plymouth.example');
    ap = bot.user('ap@plymouth.example');
    for (const u of [jb, mm, hp, tl, dh, ap]) await bot.say(u, 'help');
    const ask = (u: TestUser, ref: string, blockers: string) =>
      bot.invoke(u, 'update.submit', { planId: PLAN_ID, ref, brag: 'red', narrative: 'No progress this cycle, waiting on partners.', blockers, escalate: true, submissionId: `scope-${ref}` });
    expect((await ask(mm, '3.5', 'Funding for the inclusion hub is not agreed')).status).toBe(200);
    expect((await ask(hp, '4.1', 'The wait list data is not shared by the trust')).status).toBe(200);
    await bot.inChannel(jb, INCLUSION_CHANNEL, 'link Inclusion');
  }, 60_000);
  afterAll(() => bot?.close());

  it("shows a channel its own group's status and escalations, and no other group's", async () => {
    await bot.inChannel(mm, INCLUSION_CHANNEL, 'status');
    const text = lastInChannel(bot, INCLUSION_CHANNEL);
    expect(text).toContain('Inclusion');
    expect(text).toContain('Funding for the inclusion hub is not agreed');
    expect(text).not.toContain('wait list data');
    expect(text).not.toMatch(/\*\*4\.\d+\*\*/);

    await bot.inChannel(mm, INCLUSION_CHANNEL, 'status Health Wait Lists');
    expect(lastInChannel(bot, INCLUSION_CHANNEL)).toContain('This channel is linked to Inclusion, so here I show that group\'s status only');

    await bot.inChannel(mm, LOOSE_CHANNEL, 'status');
    const loose = lastInChannel(bot, LOOSE_CHANNEL);
    expect(loose).toContain('This channel is not linked');
    expect(loose).not.toContain('Open escalations');
  });

  it('shows escalation reasons in a personal status only to the chairs above them and administrators', async () => {
    await bot.say(tl, 'status');
    const lead = cardText(await bot.lastCardTo(tl));
    expect(lead).toContain('Open escalations: 2');
    expect(lead).not.toContain('Funding for the inclusion hub');
    expect(lead).not.toContain('wait list data');
    expect(lead).toContain('2 of them can be read only by the chairs of their groups');

    await bot.say(jb, 'status');
    const chair = cardText(await bot.lastCardTo(jb));
    expect(chair).toContain('Funding for the inclusion hub');
    expect(chair).not.toContain('wait list data');

    for (const overseer of [dh, ap]) {
      await bot.say(overseer, 'status');
      const all = cardText(await bot.lastCardTo(overseer));
      expect(all).toContain('Funding for the inclusion hub');
      expect(all).toContain('wait list data');
    }
  });

  it("gives an action's history to its leads, the chairs above it and administrators, and to no one else", async () => {
    const refused = await bot.invoke(tl, 'history.show', { planId: PLAN_ID, ref: '3.5' });
    expect(cardText(refused.body.value)).toContain('This history is not yours to read');
    expect(cardText(refused.body.value)).not.toContain('waiting on partners');
    const other = await bot.invoke(hp, 'history.show', { planId: PLAN_ID, ref: '3.5' });
    expect(cardText(other.body.value)).toContain('This history is not yours to read');
    for (const reader of [mm, jb, dh, ap]) {
      const res = await bot.invoke(reader, 'history.show', { planId: PLAN_ID, ref: '3.5' });
      expect(cardText(res.body.value)).toContain('waiting on partners');
    }
  });

  it("gives a board's exception report to its chair, the chairs reporting to it and administrators, not to any lead", async () => {
    const data = { planId: PLAN_ID, groupId: groupIdOf('SEND Strategic Delivery Group (SSDG)'), cycleId: '2023-11-21' };
    const refused = await bot.invoke(tl, 'board.refresh', data);
    expect(cardText(refused.body.value)).toContain('This report is for the board');
    for (const reader of [dh, jb, ap]) {
      const res = await bot.invoke(reader, 'board.refresh', data);
      expect(cardText(res.body.value)).not.toContain('This report is for the board');
      expect(cardText(res.body.value)).toContain('SEND Strategic Delivery Group');
    }
  });

  it('says the same on the Terms page', async () => {
    const terms = await (await fetch(`${bot.url}/terms`)).text();
    expect(terms).toContain('<h2>Who can see what</h2>');
    expect(terms).toContain('how many escalations are open (not their reasons)');
    expect(terms).toContain('Nothing of another group is shown there.');
    expect(terms).toContain("An action's leads and their delegates");
  });

  it('lists on the privacy page what is kept, where and for how long', async () => {
    const privacy = await (await fetch(`${bot.url}/privacy`)).text();
    expect(privacy).toContain('<h2>What Plan Pulse keeps, where, and for how long</h2>');
    expect(privacy).toContain("organisation's own Azure Table Storage");
    expect(privacy).toContain('a copy of each card or email for 90 days');
    expect(privacy).toContain('An update with an NHS number is refused');
  });
});
