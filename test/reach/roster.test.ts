import { createBotTransport } from '../../bot/proactive/botTransport';
import { reachPeople } from '../../src/reach/reach';
import { postActivity, TEST_BOT } from '../support/activities';
import { PLAN_ID, startTestBot, TENANT_ID, type TestBot } from '../support/botHarness';

const TEAM = '19:3f1c9e0a7b2d4c5e8f6a1b2c3d4e5f60@thread.tacv2';
const JB = { id: '29:1jbTeamsUserIdFromTheRoster', aadObjectId: '6a1f2e3d-4c5b-4a69-8b7c-0d1e2f3a4b5c', name: 'Head of Education (JB)', email: 'jb@plymouth.example' };
const STRANGER = { id: '29:1strangerFromTheRoster', aadObjectId: '7b2e3f4a-5d6c-4b7a-9c8d-1e2f3a4b5c6d', name: 'Visitor', email: 'visitor@elsewhere.example' };

/** Teams' conversationUpdate when the bot is added to a team (in its General channel). */
function botAddedToTeam(serviceUrl: string) {
  return {
    type: 'conversationUpdate',
    id: `f:${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: JB.id, aadObjectId: JB.aadObjectId },
    conversation: { id: TEAM, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    recipient: { ...TEST_BOT },
    membersAdded: [{ id: TEST_BOT.id }],
    channelData: { team: { id: TEAM, name: 'Inclusion' }, eventType: 'teamMemberAdded', tenant: { id: TENANT_ID } },
  };
}

describe('learning people from a team’s roster', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await startTestBot();
    bot.connector.addTeam({ id: TEAM, name: 'Inclusion' });
    for (const m of [JB, STRANGER]) bot.connector.addMember(TEAM, { ...m, userPrincipalName: m.email, tenantId: TENANT_ID });
  });
  afterEach(async () => bot.close());

  it('records the Entra ids of the plan’s people in a team the bot is added to, and reaches them from it', async () => {
    const answer = await postActivity(bot.url, botAddedToTeam(bot.connector.serviceUrl));
    expect(answer.status).toBeLessThan(300);
    expect(bot.connector.requests.some((r) => r.route === 'pagedMembers')).toBe(true);
    expect(await bot.store.identities.get(JB.email)).toMatchObject({ aadObjectId: JB.aadObjectId, teamsUserId: JB.id });
    expect(await bot.store.identities.get(STRANGER.email)).toBeUndefined();

    // With the object id known, no Microsoft Graph is needed to open JB's chat.
    const jb = (await bot.store.plans.listPeople(PLAN_ID)).find((p) => p.email === JB.email)!;
    const outcome = await reachPeople(
      { store: bot.store, transport: createBotTransport(bot.running.adapter, ''), clock: bot.clock, tenantId: TENANT_ID, fallbackServiceUrl: bot.connector.serviceUrl },
      [jb],
    );
    expect(outcome.results.get(jb.id)).toEqual({ channel: 'teams', how: 'created' });
    expect(bot.connector.conversations.map((c) => c.id)).toEqual([bot.connector.personalConversationIdOf(TENANT_ID, JB.id)]);
  });
});
