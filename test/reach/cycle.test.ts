import * as reachCommand from '../../src/cli/commands/reach';
import { fixedClock } from '../../src/domain/clock';
import { tickReach } from '../../src/reach/fromConfig';
import { runTick } from '../../src/scheduler/tick';
import { addDays, isWorkingDay } from '../../src/calendar';
import { PLAN_ID } from '../support/botHarness';
import { conversationIdOf, startHarness, type Harness } from '../scheduler/harness';
import { OUTSIDE, startTenant, type Tenant } from './support';
import { chairDigestCard } from '../../src/reporting/reports';

/** Every TextBlock's and FactSet value's text in a card, as a reader sees it. */
function cardTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => cardTexts(n, out));
  else if (node && typeof node === 'object') {
    const el = node as Record<string, unknown>;
    if (typeof el.text === 'string') out.push(el.text);
    if (typeof el.value === 'string' && el.title !== undefined) out.push(`${String(el.title)} ${el.value}`);
    for (const v of Object.values(el)) if (typeof v === 'object') cardTexts(v, out);
  }
  return out;
}

const GOVERNANCE = 'governance-oversight-culture-and-workforce';

/** A tick of the tenant's plan at `at`, reaching people before it asks them. */
const tickOf = (tenant: Tenant, at: string) =>
  runTick({
    store: tenant.bot.store,
    transport: tenant.transport,
    clock: fixedClock(at),
    config: tenant.config,
    planId: PLAN_ID,
    reach: tickReach({ store: tenant.bot.store, transport: tenant.transport, clock: fixedClock(at), config: tenant.config }),
    sender: { ratePerSecond: 50 },
  });

describe('reaching people before a cycle opens', () => {
  let tenant: Tenant;
  beforeEach(async () => {
    tenant = await startTenant();
  });
  afterEach(async () => tenant.close());

  const tick = (at: string) => tickOf(tenant, at);

  it('prompts every lead of a freshly imported plan in Teams on the day the cycle opens', async () => {
    const summary = await tick('2023-09-26T10:00:00Z');
    expect(summary.cyclesOpened).toBeGreaterThan(0);
    const cycle = await tenant.bot.store.cycles.get(PLAN_ID, GOVERNANCE, '2023-10-03');
    const leads = Object.keys(cycle!.value.asked);
    expect(leads.length).toBeGreaterThan(2);
    for (const lead of leads) {
      const user = tenant.graph.user(lead);
      if (!user) {
        expect(OUTSIDE).toContain(lead);
        continue;
      }
      const chat = tenant.bot.connector.personalConversationIdOf(tenant.config.MicrosoftAppTenantId!, user.teamsUserId);
      const titles = tenant.bot.connector.cardsTo(chat).map((c) => JSON.stringify(c));
      expect({ lead, prompted: titles.some((t) => t.includes('time for your update')) }).toEqual({ lead, prompted: true });
    }
    expect(summary).toMatchObject({ deferred: 0, failed: OUTSIDE.length });
  });

  it('opens a chat again after the person removed it and the app, reinstalling the app, and sends the prompt once', async () => {
    await reachCommand.run([], tenant.cli().ctx, tenant.transport);
    await tenant.graph.settled();
    const lead = 'dh@plymouth.example';
    const user = tenant.graph.user(lead)!;
    const chat = tenant.bot.connector.personalConversationIdOf(tenant.config.MicrosoftAppTenantId!, user.teamsUserId);
    tenant.bot.connector.blockConversation(chat, 'ConversationNotFound');
    tenant.graph.uninstall(user.id);
    const before = tenant.bot.connector.cardsTo(chat).length;
    await tick('2023-09-26T10:00:00Z');
    expect(tenant.graph.isInstalled(user.id)).toBe(true);
    const prompts = tenant.bot.connector
      .cardsTo(chat)
      .slice(before)
      .filter((c) => JSON.stringify(c).includes('time for your update'));
    expect(prompts).toHaveLength(1);
    expect(await tenant.bot.store.identities.get(lead)).toMatchObject({ reachable: true });
  });
});

describe('greeting people Plan Pulse has only found in the directory', () => {
  let tenant: Tenant;
  beforeEach(async () => {
    tenant = await startTenant({ givenNames: { 'dh@plymouth.example': 'Dan' } });
    // Teams delivers no events to the bot: nobody has talked to it, so Teams has told it no names.
    tenant.bot.connector.connectBot(undefined);
  });
  afterEach(async () => tenant.close());

  const promptTexts = async (lead: string) => {
    const user = tenant.graph.user(lead)!;
    const chat = tenant.bot.connector.personalConversationIdOf(tenant.config.MicrosoftAppTenantId!, user.teamsUserId);
    const prompts = tenant.bot.connector
      .cardsTo(chat)
      .map((c) => cardTexts(c))
      .filter((texts) => texts.some((t) => t.includes('time for your update')));
    expect(prompts).toHaveLength(1);
    return prompts[0]!;
  };

  it('greets a lead never seen in Teams by the given name Microsoft Graph holds for them', async () => {
    await tickOf(tenant, '2023-09-26T10:00:00Z');
    const identity = await tenant.bot.store.identities.get('dh@plymouth.example');
    expect(identity).toMatchObject({ givenName: 'Dan' });
    expect(identity?.lastSeenAt).toBeUndefined();
    const texts = await promptTexts('dh@plymouth.example');
    expect(texts).toContain('Hello Dan.');
    // The given name came with the lookup that resolved the lead: no request of its own.
    const userLookups = tenant.graph.requests.filter((r) => r.path.startsWith('/v1.0/users') && !r.path.includes('teamwork'));
    expect(userLookups.every((r) => new URLSearchParams(r.query).get('$select')?.split(',').includes('givenName'))).toBe(true);
  });

  it('greets a lead whose directory entry has no given name with a plain hello, never a word of their display name', async () => {
    await tickOf(tenant, '2023-09-26T10:00:00Z');
    const cycle = await tenant.bot.store.cycles.get(PLAN_ID, GOVERNANCE, '2023-10-03');
    const other = Object.keys(cycle!.value.asked).find((lead) => lead !== 'dh@plymouth.example' && !OUTSIDE.includes(lead))!;
    const texts = await promptTexts(other);
    expect(texts).toContain('Hello.');
    expect(texts.some((t) => /^Hello \S/.test(t))).toBe(false);
  });
});

describe('a lead the prompts never reached', () => {
  jest.setTimeout(180_000);
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('is not escalated for two cycles without an update, while those who were asked and said nothing are', async () => {
    const blocked = ['dh@plymouth.example', 'hp@plymouth.example'];
    for (const lead of blocked) h.connector.blockConversation(conversationIdOf(lead), 'ConversationBlockedByUser');
    for (let day = '2023-09-25'; day <= '2023-10-24'; day = addDays(day, 1)) {
      if (isWorkingDay(day)) await h.tick(`${day}T10:00:00Z`);
    }
    const asked = (await h.store.plans.listActionsOfGroup(PLAN_ID, GOVERNANCE)).filter(
      (a) => (!a.start || a.start <= '2023-10-03') && a.brag !== 'blue' && a.brag !== 'green',
    );
    const onlyBlocked = asked.filter((a) => a.leadIds.every((id) => blocked.includes(id)));
    const reached = asked.filter((a) => a.leadIds.some((id) => !blocked.includes(id)));
    expect(onlyBlocked.length).toBeGreaterThan(0);
    expect(reached.length).toBeGreaterThan(0);
    const missing = new Set((await h.store.escalations.listOpen(PLAN_ID)).filter((e) => e.cause === 'missingUpdates').map((e) => e.ref));
    expect(onlyBlocked.filter((a) => missing.has(a.ref))).toEqual([]);
    expect(reached.filter((a) => !missing.has(a.ref))).toEqual([]);
    const cycle = await h.store.cycles.get(PLAN_ID, GOVERNANCE, '2023-10-24');
    expect(cycle?.value.outcome?.[onlyBlocked[0]!.ref]).toMatchObject({ answered: false, reached: false });
    expect(await h.store.identities.get(blocked[0]!)).toMatchObject({ reachable: false, unreachableCause: 'blockedByUser' });
  });

  it('is listed in the administrator’s digest as unreachable, with what to do', async () => {
    const people = await h.store.plans.peopleById(PLAN_ID);
    const admin = [...people.values()].find((p) => p.admin)!;
    const governance = (await h.store.plans.getGroup(PLAN_ID, GOVERNANCE))!.value;
    const { card } = await chairDigestCard({ store: h.store, clock: fixedClock('2023-10-24T12:00:00Z'), timeZone: 'Europe/London' }, PLAN_ID, admin, {
      groups: [governance],
      people,
    });
    const texts = cardTexts(card);
    expect(texts.some((t) => t.includes('has blocked Plan Pulse in Teams; to fix: ask them to unblock Plan Pulse in Teams, or reach them by email'))).toBe(
      true,
    );
  });
});
