/**
 * The governance rules as a lead meets them in Teams, through the real bot: the quick update and
 * the form refuse amber on an overdue action saying why, a blue without evidence is asked for
 * evidence, and "my actions" shows green actions apart, as embedding.
 */
import { startTestBot, type TestBot } from '../support/botHarness';

const PLAN = 'plymouth-2023';
const cardText = (card: unknown) => JSON.stringify(card);

let bot: TestBot;
beforeAll(async () => {
  // 20 November 2023: 1.4 (due 31 October 2023) is overdue; 1.2 (due December) is not.
  bot = await startTestBot({ now: '2023-11-20T10:00:00Z' });
}, 60_000);
afterAll(() => bot?.close());

describe('a lead meeting the BRAG rules', () => {
  it('is shown the form with the reason when a quick update rates an overdue action amber, and nothing is stored', async () => {
    const dh = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
    await bot.say(dh, '1.4 amber the framework goes to the board in January');
    const card = cardText(await bot.lastCardTo(dh));
    expect(card).toContain('Action 1.4 was due on 31 Oct 2023 and has no revised completion date, so it is not progressing to timescale. Rate it red (delayed), or keep amber and propose a revised completion date below for the chair to approve.');
    expect(card).toContain('"id":"revisedDue"');
    expect(await bot.store.updates.history(PLAN, '1.4')).toHaveLength(0);
  });

  it('is warned on the form of an overdue action before rating it', async () => {
    const dh = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
    const res = await bot.invoke(dh, 'update.open', { ref: '1.4', planId: PLAN });
    expect(cardText(res.body.value)).toContain('This action is past its completion date, so it is not progressing to timescale');
    const fresh = await bot.invoke(dh, 'update.open', { ref: '1.2', planId: PLAN });
    expect(cardText(fresh.body.value)).not.toContain('This action is past its completion date');
  });

  it('is asked for evidence when rating blue without it, then sees the action green with blue proposed under Embedding', async () => {
    const dh = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
    const bare = await bot.invoke(dh, 'update.submit', { ref: '1.2', planId: PLAN, brag: 'blue', narrative: 'The framework is published and used by every partner.', submissionId: 'dh-1.2-a' });
    expect(cardText(bare.body.value)).toContain('Blue means complete and embedded: tick at least one evidence source');
    const proposed = await bot.invoke(dh, 'update.submit', {
      ref: '1.2', planId: PLAN, brag: 'blue', narrative: 'The framework is published and used by every partner.', evidence: 'audit,minutes', submissionId: 'dh-1.2-b',
    });
    expect(proposed.status).toBe(200);
    expect((await bot.store.plans.getAction(PLAN, '1.2'))!.value).toMatchObject({ brag: 'green', blueProposal: { by: 'dh@plymouth.example' } });
    await bot.say(dh, 'my actions');
    const list = cardText(await bot.lastCardTo(dh));
    expect(list).toMatch(/"text":"Embedding"[\s\S]*\*\*1\.2\*\*[\s\S]*Blue proposed on 20 Nov 2023, waiting for a chair/);
  });
});
