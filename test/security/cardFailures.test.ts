/**
 * A card button that fails is answered with a card saying what happened and that nothing was
 * changed, never with a bare HTTP error.
 */
import { startTestBot, type TestBot } from '../support/botHarness';
import { textOf } from '../cards/plymouthCards';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => bot.close());

it('answers a button no route knows with a card saying nothing was changed', async () => {
  const lead = bot.user('mm@plymouth.example');
  const res = await bot.invoke(lead, 'update.withdraw', { ref: '3.5' });
  expect(res.status).toBe(200);
  expect(textOf(res.body.value)).toContain('That button did not work');
  expect(textOf(res.body.value)).toContain('nothing was changed');
});

it('answers a button whose handler fails with a card saying nothing was changed', async () => {
  const chair = bot.user('jb@plymouth.example');
  // Storage stops answering while the history is read.
  const outage = jest.spyOn(bot.store.updates, 'history').mockRejectedValueOnce(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), { code: 'ECONNREFUSED' }));
  try {
    const res = await bot.invoke(chair, 'history.show', { planId: 'plymouth-2023', ref: '3.5' });
    expect(res.status).toBe(200);
    expect(textOf(res.body.value)).toContain('Something went wrong on my side and nothing was changed');
    expect(outage).toHaveBeenCalled();
  } finally {
    outage.mockRestore();
  }
});
