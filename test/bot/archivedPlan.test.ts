/** An archived plan is hidden from its people in Teams too: the bot no longer acts on it. */
import { fixedClock } from '../../src/domain/clock';
import { setPlanState } from '../../src/plans/planAdmin';
import { PLAN_ID, startTestBot, type TestBot } from '../support/botHarness';

let bot: TestBot;
afterEach(async () => bot.close());

/** The text a user reads on a card: every TextBlock's text, in order. */
function textsOf(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(textsOf);
  const el = node as { type?: string; text?: unknown };
  const own = el.type === 'TextBlock' && typeof el.text === 'string' ? [el.text] : [];
  return [...own, ...Object.values(node).flatMap(textsOf)];
}

it('tells a lead of an archived plan they are in no plan, and lists none of its actions', async () => {
  // No read cache: the archive made by the command line counts from the next message.
  bot = await startTestBot({ now: '2023-11-20T10:00:00Z', env: { PLANPULSE_CACHE_SECONDS: '0' } });
  const dh = bot.user('dh@plymouth.example', 'Dan Hall');
  await bot.say(dh, 'my actions');
  expect(textsOf(await bot.lastCardTo(dh)).join('\n')).toContain('1.1');

  expect((await setPlanState(bot.store, PLAN_ID, 'archived', fixedClock('2023-11-20T11:00:00Z'))).outcome).toBe('changed');
  await bot.say(dh, 'my actions');
  const text = textsOf(await bot.lastCardTo(dh)).join('\n');
  expect(text).toContain('not linked to anyone in a plan');
  expect(text).not.toContain('1.1');
});
