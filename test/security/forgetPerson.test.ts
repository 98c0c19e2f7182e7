/**
 * `planpulse forget-person EMAIL` removes a leaver's contact data and identity: their Teams
 * identity, Entra object id and chat go, their address is replaced everywhere by a pseudonym
 * and their name by the plan's lead string, their response links stop working, and the plan
 * keeps working with an anonymous lead in their place. Their past updates stay.
 */
import { fixedClock } from '../../src/domain/clock';
import * as forgetPerson from '../../src/cli/commands/forgetPerson';
import { ResponseLinks } from '../../src/respond/links';
import { drainOutbox } from '../../src/outbox/sender';
import { TABLES } from '../../src/storage/tables';
import type { Transport } from '../../src/outbox/transport';
import { startTestBot, PLAN_ID, type TestBot } from '../support/botHarness';
import { inProcessCli } from '../support/cliContext';

const NOW = '2023-11-20T10:00:00Z';
let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => bot.close());

const cli = () => inProcessCli(bot.store, fixedClock('2023-11-20T10:00:00Z'));

/** Every row of every table, keys included, as text. */
async function everything(): Promise<string> {
  const parts: string[] = [];
  for (const name of TABLES) {
    for (const row of await bot.store.tables.table(name).listPartitions('', '\uffff')) parts.push(`${row.partitionKey} ${row.rowKey} ${JSON.stringify(row.value)}`);
  }
  return parts.join('\n');
}

it("replaces a leaver's address and name everywhere, revokes their links, and keeps their updates and the plan working", async () => {
  const lead = bot.user('mm@plymouth.example', 'Maria Moss');
  await bot.say(lead, '3.5 amber The inclusion hub has agreed its terms of reference.');
  expect((await bot.store.identities.get('mm@plymouth.example'))?.conversation).toBeDefined();
  expect(await bot.store.identities.emailOfAad(lead.aadObjectId)).toBe('mm@plymouth.example');
  const links = new ResponseLinks(bot.store, 'a-secret-of-at-least-thirty-two-characters', 'http://127.0.0.1:3978');
  const token = await links.mint(
    { planId: PLAN_ID, recipientId: 'mm@plymouth.example', key: 'prompt~mm' },
    { kind: 'chase', refs: ['3.5'], expiresAt: '2023-12-31T00:00:00Z' },
    new Date(NOW),
  );
  expect((await links.check(token, new Date(NOW))).ok).toBe(true);
  await bot.store.outbox.enqueue(PLAN_ID, [{ key: 'chase~mm@plymouth.example~3.5', kind: 'chase', recipientId: 'mm@plymouth.example', activity: { type: 'message', text: 'Maria Moss, 3.5 is overdue.' } }], fixedClock(NOW));
  // A board report kept as it was at its meeting names who raised an escalation.
  await bot.store.snapshots.keepReport({ planId: PLAN_ID, groupId: 'send-strategic-delivery-group-ssdg', meetingDate: '2023-12-05', report: 'exceptions', takenAt: NOW, facts: { escalations: [{ ref: '3.5', raisedBy: 'mm@plymouth.example' }] } });
  expect(await everything()).toContain('mm@plymouth.example');

  const run = cli();
  expect(await forgetPerson.run(['MM@plymouth.example'], run.ctx)).toBe(0);
  expect(run.out()).toContain('Forgot mm@plymouth.example');
  expect(run.out()).toContain('1 response link revoked');
  expect(run.out()).toContain("Their past updates stay in each action's history");

  // Nothing anywhere holds the address or the name.
  const stored = await everything();
  expect(stored).not.toMatch(/mm@plymouth\.example/i);
  expect(stored).not.toContain('Maria Moss');
  expect(await bot.store.identities.emailOfAad(lead.aadObjectId)).toBeUndefined();

  // One anonymous person stands where they stood, under the plan's lead string.
  const [pseudonym] = /forgotten-[0-9a-f]{16}@invalid/.exec(run.out()) ?? [];
  expect(pseudonym).toBeDefined();
  const person = (await bot.store.plans.listPeople(PLAN_ID)).find((p) => p.id === pseudonym)!;
  expect(person).toMatchObject({ email: pseudonym, name: 'PBWG as leads for schools and colleges (MM)' });
  expect(person.aadObjectId).toBeUndefined();
  expect((await bot.store.plans.getAction(PLAN_ID, '3.5'))!.value.leadIds).toContain(pseudonym);
  expect((await bot.store.plans.membershipsOf(pseudonym!)).map((m) => m.planId)).toEqual([PLAN_ID]);
  const history = await bot.store.updates.history(PLAN_ID, '3.5');
  expect(history.find((u) => u.narrative === 'The inclusion hub has agreed its terms of reference.')?.authorId).toBe(pseudonym);

  // Their link says it was withdrawn; what was queued for them is not sent to anyone.
  expect(await links.check(token, new Date(NOW))).toMatchObject({ ok: false, reason: 'revoked' });
  const sends: string[] = [];
  const recording: Transport = {
    send: async (ref) => void sends.push(ref.conversation.id) as never,
    update: async () => undefined,
    createPersonalConversation: async () => {
      throw new Error('no chat is opened for a forgotten person');
    },
  };
  const drained = await drainOutbox({ store: bot.store, transport: recording, clock: fixedClock(NOW), planId: PLAN_ID, options: { ratePerSecond: 5 } });
  expect(drained).toMatchObject({ sent: 0, unreachable: 1 });
  expect(sends).toEqual([]);

  // The plan keeps working for everyone else.
  const other = bot.user('jb@plymouth.example', 'Jo Bloggs');
  await bot.say(other, 'my actions');
  expect(JSON.stringify(await bot.lastCardTo(other))).toContain('3.');
});

it('says so, and changes nothing, for an address it does not know', async () => {
  const run = cli();
  expect(await forgetPerson.run(['nobody@elsewhere.example'], run.ctx)).toBe(1);
  expect(run.err()).toContain('knows nothing of nobody@elsewhere.example');
});
