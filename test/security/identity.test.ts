/**
 * Who may act for a plan's person: a plan belongs to one tenant, and a person's Entra object
 * id, once known, is their identity. An address in someone's profile proves nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPlan } from '../../src/import';
import { fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logging/logger';
import { FIXTURE, PLAN_ID, startTestBot, TENANT_ID, type TestBot, type TestUser } from '../support/botHarness';
import { textOf } from '../cards/plymouthCards';

const CHAIR = 'dh@plymouth.example';
const OTHER_TENANT = '0b1f2e3d-0000-4000-8000-0000000000ee';

/** Someone the member API reports with `email` in their profile, from `tenantId`, with their own ids. */
function claimant(bot: TestBot, email: string, tenantId: string, seed: string): TestUser {
  const user: TestUser = {
    email,
    name: `Claimant ${seed}`,
    id: `29:claimant-${seed}`,
    aadObjectId: `00000000-0000-4000-8000-${seed.padStart(12, '0')}`,
    tenantId,
    conversationId: `a:claimant-${seed}`,
  };
  bot.connector.addMember('*', { id: user.id, name: user.name, aadObjectId: user.aadObjectId, email, userPrincipalName: email, tenantId });
  return user;
}

describe('a plan bound to its tenant on the first turn', () => {
  let bot: TestBot;
  const lines: string[] = [];
  beforeAll(async () => {
    bot = await startTestBot({ logger: createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } }) });
  });
  afterAll(async () => bot.close());

  it("gives a user of another tenant whose profile names a chair's address none of the chair's plan, and changes nothing of the chair's", async () => {
    const chair = bot.user(CHAIR);
    await bot.say(chair, 'hello');
    expect((await bot.store.plans.getPlan(PLAN_ID))?.tenantId).toBe(TENANT_ID);
    const before = await bot.store.identities.get(CHAIR);
    const personBefore = (await bot.store.plans.listPeople(PLAN_ID)).find((p) => p.email === CHAIR);
    expect(before?.aadObjectId).toBe(chair.aadObjectId);

    const impostor = claimant(bot, CHAIR, OTHER_TENANT, '1');
    await bot.say(impostor, 'digest');
    expect(textOf(await bot.lastCardTo(impostor))).toContain('This plan is run in another organisation');
    expect(textOf(await bot.lastCardTo(impostor))).toContain('nothing was changed');

    const after = await bot.store.identities.get(CHAIR);
    expect(after?.aadObjectId).toBe(chair.aadObjectId);
    expect(after?.conversation?.conversation.id).toBe(chair.conversationId);
    expect((await bot.store.plans.listPeople(PLAN_ID)).find((p) => p.email === CHAIR)?.aadObjectId).toBe(personBefore?.aadObjectId);
    expect(await bot.store.identities.emailOfAad(impostor.aadObjectId)).toBeUndefined();
    const refused = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'Refused a claim to a plan identity.');
    expect(refused).toEqual([expect.objectContaining({ reason: 'otherTenant', claimedEmail: CHAIR, tenantId: OTHER_TENANT })]);
  });

  it('refuses someone in the same tenant whose object id is not the one on record, and the chair is still reached in their own chat', async () => {
    const impostor = claimant(bot, CHAIR, TENANT_ID, '2');
    const acted = await bot.invoke(impostor, 'actions.list', {});
    expect(textOf(acted.body.value)).toContain('This account is not the one on record');
    const identity = await bot.store.identities.get(CHAIR);
    expect(identity?.aadObjectId).toBe(bot.user(CHAIR).aadObjectId);
    expect(identity?.conversation?.conversation.id).toBe(bot.user(CHAIR).conversationId);
    expect(lines.some((l) => l.includes('"reason":"identityConflict"'))).toBe(true);

    // The chair themself still acts.
    await bot.say(bot.user(CHAIR), 'my actions');
    expect(textOf(await bot.lastCardTo(bot.user(CHAIR)))).not.toContain('not the one on record');
  });
});

describe('identities fixed before anyone talks', () => {
  it('keeps an object id given in people.csv: a first turn with another id is refused and does not overwrite it', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-aad-'));
    fs.cpSync(FIXTURE, folder, { recursive: true });
    const pinned = '11111111-2222-4333-8444-555555555555';
    const people = fs.readFileSync(path.join(folder, 'people.csv'), 'utf8').split(/\r?\n/);
    people[0] = `${people[0]},aad_object_id`;
    for (let i = 1; i < people.length; i++) if (people[i]) people[i] = `${people[i]},${people[i]!.includes(CHAIR) ? pinned : ''}`;
    fs.writeFileSync(path.join(folder, 'people.csv'), people.join('\n'));

    const bot = await startTestBot({ importFixture: false });
    try {
      const imported = await importPlan(bot.store, folder, { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-11-20T10:00:00Z'), tenantId: TENANT_ID });
      expect(imported.ok ? [] : imported.problems).toEqual([]);
      const someone = claimant(bot, CHAIR, TENANT_ID, '3');
      await bot.say(someone, 'my actions');
      expect(textOf(await bot.lastCardTo(someone))).toContain('This account is not the one on record');
      expect((await bot.store.plans.listPeople(PLAN_ID)).find((p) => p.email === CHAIR)?.aadObjectId).toBe(pinned);
      expect(await bot.store.identities.get(CHAIR)).toBeUndefined();
    } finally {
      await bot.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses the first turn from another tenant when the plan was imported with its tenant, and records nothing', async () => {
    const bot = await startTestBot({ importFixture: false });
    try {
      expect((await importPlan(bot.store, FIXTURE, { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-11-20T10:00:00Z'), tenantId: TENANT_ID })).ok).toBe(true);
      const outsider = claimant(bot, CHAIR, OTHER_TENANT, '4');
      await bot.say(outsider, 'status');
      expect(textOf(await bot.lastCardTo(outsider))).toContain('This plan is run in another organisation');
      expect((await bot.store.plans.getPlan(PLAN_ID))?.tenantId).toBe(TENANT_ID);
      expect(await bot.store.identities.get(CHAIR)).toBeUndefined();
      expect((await bot.store.plans.listPeople(PLAN_ID)).find((p) => p.email === CHAIR)?.aadObjectId).toBeUndefined();
    } finally {
      await bot.close();
    }
  });
});
