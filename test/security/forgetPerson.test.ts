/**
 * `planpulse forget-person EMAIL` erases a leaver's Teams identity, Entra object id and chat
 * from every plan; their past updates stay in the actions' histories.
 */
import { loadConfig } from '../../src/config/config';
import { fixedClock } from '../../src/domain/clock';
import type { CliContext } from '../../src/cli/context';
import * as forgetPerson from '../../src/cli/commands/forgetPerson';
import { startTestBot, PLAN_ID, type TestBot } from '../support/botHarness';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => bot.close());

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    config: loadConfig({}),
    clock: fixedClock('2023-11-20T10:00:00Z'),
    store: async () => bot.store,
    transport: () => {
      throw new Error('forget-person sends nothing.');
    },
  };
  return { ctx, out: () => out.join(''), err: () => err.join('') };
}

it("erases a leaver's identity, Entra object id and chat, and keeps their updates", async () => {
  const lead = bot.user('mm@plymouth.example', 'Maria Moss');
  await bot.say(lead, '3.5 amber The inclusion hub has agreed its terms of reference.');
  expect((await bot.store.identities.get('mm@plymouth.example'))?.conversation).toBeDefined();
  expect(await bot.store.identities.emailOfAad(lead.aadObjectId)).toBe('mm@plymouth.example');

  const run = cli();
  expect(await forgetPerson.run(['MM@plymouth.example'], run.ctx)).toBe(0);
  expect(run.out()).toContain('Forgot mm@plymouth.example');
  expect(run.out()).toContain("Their past updates stay in each action's history");

  expect(await bot.store.identities.get('mm@plymouth.example')).toBeUndefined();
  expect(await bot.store.identities.emailOfAad(lead.aadObjectId)).toBeUndefined();
  const person = (await bot.store.plans.listPeople(PLAN_ID)).find((p) => p.email === 'mm@plymouth.example')!;
  expect(person.aadObjectId).toBeUndefined();
  expect(person.name).toBe(person.leadStrings[0]);
  const history = await bot.store.updates.history(PLAN_ID, '3.5');
  expect(history.map((u) => u.narrative)).toContain('The inclusion hub has agreed its terms of reference.');
});

it('says so, and changes nothing, for an address it does not know', async () => {
  const run = cli();
  expect(await forgetPerson.run(['nobody@elsewhere.example'], run.ctx)).toBe(1);
  expect(run.err()).toContain('knows nothing of nobody@elsewhere.example');
});
