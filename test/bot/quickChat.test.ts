/**
 * Quick and honest chat, as a lead has it with the bot: several quick updates in one message
 * (each recorded or refused by its ref), a rating the bot does not know answered with "Nothing
 * recorded" and the words it takes, "Add evidence / update again" opening the form filled with
 * the last update, a revised date proposed on a small form of its own, and "No change since my
 * last update" from a prompt. Real activities to the real server; state in Azurite.
 */
import { pendingProposal } from '../../src/decisions/revisedDates';
import { startTestBot, type TestBot, type TestUser } from '../support/botHarness';
import { inputsIn } from '../cards/plymouthCards';
import { cardText } from '../groups/support';

const PLAN = 'plymouth-2023';
let bot: TestBot;
let dh: TestUser;

beforeAll(async () => {
  // 20 November 2023: 1.4 (due October) is overdue; 1.5, 1.7, 1.10 to 1.12 are not.
  bot = await startTestBot({ now: '2023-11-20T10:00:00Z' });
  dh = bot.user('dh@plymouth.example', 'Dan Hall');
});
afterAll(async () => bot.close());

const history = (ref: string) => bot.store.updates.history(PLAN, ref);
const lastText = async (user: TestUser) => cardText(await bot.lastCardTo(user));
/** The input values a form card shows, by input id. */
const inputValues = (card: unknown): Record<string, unknown> => Object.fromEntries([...inputsIn(card)].map(([id, input]) => [id, input.value]));

describe('several quick updates in one message', () => {
  it('records one update per line and says, by ref, which were recorded and which were not and why', async () => {
    await bot.say(
      dh,
      [
        '1.5 amber waiting for the ICB to confirm the funding for the post',
        '1.7 green the new protocol is in use in every team since October',
        '1.4 amber training postponed to the new year',
        '1.10 yellow recruitment has started',
      ].join('\n'),
    );
    const text = await lastText(dh);
    expect(text).toContain('2 updates recorded, 2 not');
    expect(text).toMatch(/1\.5 amber: recorded/);
    expect(text).toMatch(/1\.7 green: recorded/);
    expect(text).toMatch(/1\.4 amber: not recorded\. Action 1\.4 was due on 31 Oct 2023 and has no revised completion date/);
    expect(text).toMatch(/1\.10: not recorded\. "yellow" is not a rating: use blue, green, amber or red\./);
    expect((await history('1.5'))[0]).toMatchObject({ brag: 'amber', narrative: 'waiting for the ICB to confirm the funding for the post' });
    expect((await history('1.7'))[0]).toMatchObject({ brag: 'green' });
    expect(await history('1.4')).toHaveLength(0);
    expect(await history('1.10')).toHaveLength(0);
  });

  it('takes a line without a ref as more of the line before it', async () => {
    await bot.say(dh, '1.11 amber the data sharing agreement is with legal\nand should be signed by the end of the month');
    expect((await history('1.11'))[0]!.narrative).toBe('the data sharing agreement is with legal and should be signed by the end of the month');
  });

  it('records a message delivered twice once, line by line', async () => {
    const before = (await history('1.12')).length;
    const lines = '1.12 amber the first two workshops have run with good attendance\n1.10 amber recruitment to the two posts has started';
    await bot.say(dh, lines, { id: 'multi-redelivered' });
    await bot.say(dh, lines, { id: 'multi-redelivered' });
    expect(await history('1.12')).toHaveLength(before + 1);
    expect(await history('1.10')).toHaveLength(1);
  });
});

describe('a rating the bot does not know', () => {
  it('answers "2.4 yellow …" with Nothing recorded and the words it takes, not the help card', async () => {
    await bot.say(dh, '2.4 yellow waiting for ICB sign-off');
    const text = await lastText(dh);
    expect(text).toContain('Nothing recorded');
    expect(text).toContain('"yellow" is not a rating: use blue, green, amber or red');
    expect(text).toContain('for example "2.4 amber waiting for ICB sign-off"');
    expect(text).not.toContain('Here is what I can do');
    expect(await history('2.4')).toHaveLength(0);
  });

  it('reads "1.3: amber …" as a quick update on 1.3', async () => {
    await bot.say(dh, '1.3: amber the ten wishes are being written into the strategic plans');
    expect((await history('1.3'))[0]).toMatchObject({ brag: 'amber', narrative: 'the ten wishes are being written into the strategic plans' });
  });
});

describe('updating again', () => {
  it('opens the form filled with the last update from "Add evidence / update again"', async () => {
    await bot.say(dh, '1.2 red the provider withdrew and a new one is being commissioned');
    const confirmation = await bot.lastCardTo(dh);
    const again = JSON.stringify(confirmation).match(/"title":"Add evidence \/ update again","verb":"update.open","data":(\{[^}]*\})/);
    expect(again).not.toBeNull();
    const res = await bot.invoke(dh, 'update.open', JSON.parse(again![1]!));
    expect(res.status).toBe(200);
    const values = inputValues(res.body.value);
    expect(values).toMatchObject({ brag: 'red', narrative: 'the provider withdrew and a new one is being commissioned' });
  });
});

describe('a revised date on its own', () => {
  it('opens a small form for the date and its reason, and the proposal waits for the chair as any other', async () => {
    const res = await bot.invoke(dh, 'revisedDate.open', { ref: '1.4', planId: PLAN });
    expect(res.status).toBe(200);
    const form = cardText(res.body.value);
    expect(form).toContain('Propose a revised date for action 1.4');
    expect(Object.keys(inputValues(res.body.value)).sort()).toEqual(['brag', 'narrative', 'revisedDue']);
    const submissionId = /"submissionId":"([^"]+)"/.exec(JSON.stringify(res.body.value))![1]!;
    const submitted = await bot.invoke(dh, 'update.submit', {
      ref: '1.4',
      planId: PLAN,
      submissionId,
      brag: 'amber',
      revisedDue: '2024-03-28',
      narrative: 'Training moved to the spring term: the trainer is not free before then.',
    });
    expect(cardText(submitted.body.value)).toContain('28 Mar 2024');
    const action = (await bot.store.plans.getAction(PLAN, '1.4'))!.value;
    expect(action.due).toBe('2023-10-31');
    expect((await pendingProposal(bot.store, action))?.update).toMatchObject({ revisedDue: '2024-03-28', brag: 'amber' });
  });

  it('is only for a lead of the action', async () => {
    const jb = bot.user('jb@plymouth.example', 'Jo B');
    const res = await bot.invoke(jb, 'revisedDate.open', { ref: '1.4', planId: PLAN });
    expect(cardText(res.body.value)).toContain('Only the leads of action 1.4');
  });
});

describe('no change since the last update', () => {
  it('records an update with the same rating and a short note, once however often it is pressed, counted as an answer', async () => {
    const before = (await bot.store.plans.getAction(PLAN, '1.12'))!.value;
    bot.clock.advance(60 * 60_000);
    const first = await bot.invoke(dh, 'update.noChange', { ref: '1.12', planId: PLAN });
    const again = await bot.invoke(dh, 'update.noChange', { ref: '1.12', planId: PLAN });
    expect(cardText(first.body.value)).toContain('No change since last update');
    expect(cardText(again.body.value)).toContain('No change since last update');
    const updates = await history('1.12');
    expect(updates.filter((u) => u.narrative === 'No change since last update')).toHaveLength(1);
    expect(updates[0]).toMatchObject({ brag: before.brag, narrative: 'No change since last update', authorId: 'dh@plymouth.example' });
    const after = (await bot.store.plans.getAction(PLAN, '1.12'))!.value;
    expect(after.lastUpdateAt! > before.lastUpdateAt!).toBe(true);
  });

  it('is refused with the reason when amber no longer holds on an action past its date', async () => {
    await bot.store.plans.modifyAction(PLAN, '1.8', (a) => ({ ...a, brag: 'amber', due: '2023-11-10' }));
    const tl = bot.user('dh@plymouth.example', 'Dan Hall');
    const res = await bot.invoke(tl, 'update.noChange', { ref: '1.8', planId: PLAN });
    const text = cardText(res.body.value);
    expect(text).toContain('was due on 10 Nov 2023 and has no revised completion date');
    expect(await history('1.8')).toHaveLength(0);
  });

  it('asks for a first rating when there is none to keep', async () => {
    const res = await bot.invoke(dh, 'update.noChange', { ref: '1.6', planId: PLAN });
    expect(cardText(res.body.value)).toContain('Action 1.6 has no rating yet, so there is nothing to keep');
    expect(await history('1.6')).toHaveLength(0);
  });
});
