/**
 * One long message must not hold up the bot: the text is cleaned in linear time, and a
 * message over the length limit gets a clear answer without being parsed.
 * (`npm run bench:parse` measures the cleaning of hostile text against ordinary text.)
 */
import { cleanText, MAX_COMMAND_CHARS, parseCommand } from '../../src/commands/parseCommand';
import { startTestBot, type TestBot } from '../support/botHarness';
import { textOf } from '../cards/plymouthCards';

describe('reading a chat message', () => {
  it('answers a message over the limit as too long, without reading it as a command', () => {
    expect(parseCommand(`2.4 amber ${'x'.repeat(MAX_COMMAND_CHARS)}`)).toEqual({ kind: 'tooLong', length: MAX_COMMAND_CHARS + 10, limit: MAX_COMMAND_CHARS });
    expect(parseCommand(`2.4 amber ${'x'.repeat(MAX_COMMAND_CHARS - 10)}`).kind).toBe('quickUpdate');
  });

  it('still removes mentions and tags, and keeps an unclosed angle bracket as text', () => {
    expect(cleanText('<at>Plan Pulse</at> link <b>Inclusion</b>')).toBe('link Inclusion');
    expect(cleanText('2.4 amber waiting <<for ICB')).toBe('2.4 amber waiting <<for ICB');
    expect(cleanText('a &nbsp; b<br/>c')).toBe('a b c');
  });
});

describe('a 28 KB message to the bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it('is answered with the length limit and records nothing, and the bot keeps answering', async () => {
    const lead = bot.user('ap@plymouth.example');
    await bot.say(lead, `1.1 red ${'<'.repeat(28_000)}`);
    const card = textOf(await bot.lastCardTo(lead));
    expect(card).toContain('That message is too long for me');
    expect(card).toContain('It is 28,008 characters long');
    expect(card).toContain('nothing was recorded');
    expect((await bot.store.plans.getAction('plymouth-2023', '1.1'))?.value.updateCount).toBe(0);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
