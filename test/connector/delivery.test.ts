/**
 * The stand-in as the bot's own botbuilder client sees it: proactive sends, updates, deletes,
 * conversation creation, the member and team APIs, and what gets recorded.
 */
import { TeamsInfo, type ConversationParameters } from 'botbuilder';
import { startConnector, type Connector } from '../support/connector';
import { BOT_ID, cardActivity, inTurn, makeAdapter, personalReference, TENANT_ID } from './proactive';

const PERSONAL = 'a:1Xy7-personal_chat';
const CHANNEL = '19:0f2b6c8d9e@thread.tacv2;messageid=1700000000000';

const ann = {
  id: '29:1AnnLeadTeamsId',
  name: 'Ann Lead',
  aadObjectId: '6b7b3b2a-2c4b-4175-8582-41c9e685c1b5',
  email: 'Ann.Lead@plymouth.example.org',
  userPrincipalName: 'ann.lead@plymouth.example.org',
  tenantId: TENANT_ID,
  givenName: 'Ann',
};

let connector: Connector;
const adapter = makeAdapter();

beforeAll(async () => {
  connector = await startConnector();
});
afterAll(async () => {
  await connector.close();
});
beforeEach(() => connector.reset());

describe('sending', () => {
  it('records a proactive card with its content and answers a fresh activity id for each send', async () => {
    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), async (ctx) => [
      await ctx.sendActivity(cardActivity('Your actions for Health group')),
      await ctx.sendActivity(cardActivity('Reminder: two actions still need an update')),
    ]);

    if (!outcome.ok) throw outcome.error;
    const [first, second] = outcome.value;
    expect(first?.id).toMatch(/^\d+$/);
    expect(second?.id).not.toBe(first?.id);
    const cards = connector.cardsTo(PERSONAL);
    expect(cards.map((c) => (c.body as { text: string }[])[0]?.text)).toEqual([
      'Your actions for Health group',
      'Reminder: two actions still need an update',
    ]);
    expect(connector.sent.map((r) => r.activityId)).toEqual([first?.id, second?.id]);
  });

  it('records an update to a sent card under the same id and shows the latest card in the transcript', async () => {
    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), async (ctx) => {
      const sent = await ctx.sendActivity(cardActivity('Update 2.4'));
      const updated = await ctx.updateActivity({ ...cardActivity('Recorded: 2.4 is amber'), id: sent?.id });
      return { sent, updated };
    });

    if (!outcome.ok) throw outcome.error;
    const { sent } = outcome.value;
    const update = connector.sent.find((r) => r.operation === 'update');
    expect(update).toMatchObject({ method: 'PUT', conversationId: PERSONAL, activityId: sent?.id, status: 200 });
    expect(connector.cardsTo(PERSONAL)).toHaveLength(1);
    expect(connector.cardsTo(PERSONAL, { includeUpdates: true })).toHaveLength(2);
    const transcript = connector.transcript(PERSONAL);
    expect(transcript).toHaveLength(1);
    expect(transcript[0]).toMatchObject({ activityId: sent?.id, updates: 1, deleted: false });
    expect(JSON.stringify(transcript[0]?.activity)).toContain('Recorded: 2.4 is amber');
  });

  it('records a deleted message and marks it deleted in the transcript', async () => {
    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), async (ctx) => {
      const sent = await ctx.sendActivity('This will be withdrawn');
      await ctx.deleteActivity(sent!.id);
      return sent!.id;
    });

    if (!outcome.ok) throw outcome.error;
    expect(connector.sent.map((r) => [r.method, r.operation, r.status])).toEqual([
      ['POST', 'reply', 201],
      ['DELETE', 'delete', 200],
    ]);
    expect(connector.transcript(PERSONAL)).toEqual([expect.objectContaining({ activityId: outcome.value, deleted: true })]);
  });

  it('keeps channel conversation ids with colons and semicolons intact', async () => {
    const outcome = await inTurn(adapter, { ...personalReference(connector.serviceUrl, CHANNEL), conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID, name: '' } }, (ctx) =>
      ctx.sendActivity('Board digest'),
    );

    if (!outcome.ok) throw outcome.error;
    expect(connector.requests[0]?.path).toContain(encodeURIComponent(CHANNEL));
    expect(connector.activitiesTo(CHANNEL).map((a) => a.text)).toEqual(['Board digest']);
  });

  it('creates a personal conversation, records its tenant and gives the same id when asked again for the same user', async () => {
    const parameters = {
      isGroup: false,
      bot: { id: BOT_ID, name: 'Plan Pulse' },
      members: [{ id: ann.id, name: ann.name }],
      tenantId: TENANT_ID,
      channelData: { tenant: { id: TENANT_ID } },
    } as ConversationParameters;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      await adapter.createConversationAsync('', 'msteams', connector.serviceUrl, '', parameters, async (ctx) => {
        ids.push(ctx.activity.conversation.id);
      });
    }

    expect(ids[0]).toMatch(/^a:1/);
    expect(ids[1]).toBe(ids[0]);
    expect(connector.conversations).toHaveLength(2);
    expect(connector.conversations[0]).toMatchObject({ id: ids[0], tenantId: TENANT_ID, isGroup: false, memberIds: [ann.id] });
  });

  it('refuses to create a conversation without a tenant id, as Teams does', async () => {
    const parameters = { isGroup: false, bot: { id: BOT_ID }, members: [{ id: ann.id }], channelData: {} } as ConversationParameters;

    await expect(adapter.createConversationAsync('', 'msteams', connector.serviceUrl, '', parameters, async () => undefined)).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadArgument',
    });
    expect(connector.sent[0]).toMatchObject({ operation: 'createConversation', status: 400 });
  });
});

describe('member and team API', () => {
  it('answers TeamsInfo.getMember with the registered member’s email, UPN and AAD object id', async () => {
    connector.addMember('*', ann);

    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), (ctx) => TeamsInfo.getMember(ctx, ann.id));

    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toMatchObject({
      id: ann.id,
      name: 'Ann Lead',
      aadObjectId: ann.aadObjectId,
      email: ann.email,
      userPrincipalName: ann.userPrincipalName,
      tenantId: TENANT_ID,
      givenName: 'Ann',
      surname: 'Lead',
    });
  });

  it('answers a member registered for one conversation only in that conversation', async () => {
    connector.addMember(PERSONAL, ann);

    const here = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), (ctx) => TeamsInfo.getMember(ctx, ann.id));
    const elsewhere = await inTurn(adapter, personalReference(connector.serviceUrl, 'a:1other'), (ctx) => TeamsInfo.getMember(ctx, ann.id));

    expect(here.ok).toBe(true);
    expect(elsewhere.ok).toBe(false);
    if (!elsewhere.ok) expect(elsewhere.error).toMatchObject({ statusCode: 404, code: 'MemberNotFoundInConversation' });
  });

  it('finds a member by AAD object id as Teams does', async () => {
    connector.addMember('*', ann);

    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), (ctx) => TeamsInfo.getMember(ctx, ann.aadObjectId));

    if (!outcome.ok) throw outcome.error;
    expect(outcome.value.id).toBe(ann.id);
  });

  it('pages the member list with a continuation token', async () => {
    for (let i = 0; i < 5; i++) {
      connector.addMember(PERSONAL, { id: `29:1member${i}`, name: `Member ${i}`, aadObjectId: `aad-${i}`, email: `m${i}@example.org` });
    }

    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), async (ctx) => {
      const first = await TeamsInfo.getPagedMembers(ctx, 2);
      const second = await TeamsInfo.getPagedMembers(ctx, 2, first.continuationToken);
      const third = await TeamsInfo.getPagedMembers(ctx, 2, second.continuationToken);
      return [first, second, third];
    });

    if (!outcome.ok) throw outcome.error;
    expect(outcome.value.map((page) => page.members.map((m) => m.email))).toEqual([
      ['m0@example.org', 'm1@example.org'],
      ['m2@example.org', 'm3@example.org'],
      ['m4@example.org'],
    ]);
    expect(outcome.value[2]?.continuationToken).toBeUndefined();
  });

  it('answers team details and channels for a registered team', async () => {
    const teamId = '19:boardTeam@thread.tacv2';
    connector.addTeam({ id: teamId, name: 'SEND Improvement Board', aadGroupId: '0d1e2f3a-aaaa-bbbb-cccc-1234567890ab', channels: [{ id: '19:health@thread.tacv2', name: 'Health' }] });
    connector.addMember(teamId, ann);

    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), async (ctx) => ({
      details: await TeamsInfo.getTeamDetails(ctx, teamId),
      channels: await TeamsInfo.getTeamChannels(ctx, teamId),
      member: await TeamsInfo.getTeamMember(ctx, teamId, ann.id),
    }));

    if (!outcome.ok) throw outcome.error;
    expect(outcome.value.details).toMatchObject({ id: teamId, name: 'SEND Improvement Board', aadGroupId: '0d1e2f3a-aaaa-bbbb-cccc-1234567890ab', channelCount: 2, memberCount: 1 });
    expect(outcome.value.channels.map((c) => c.id)).toEqual([teamId, '19:health@thread.tacv2']);
    expect(outcome.value.member.email).toBe(ann.email);
  });
});

describe('recording', () => {
  it('accepts requests without credentials and remembers the Authorization header when one is sent', async () => {
    await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), (ctx) => ctx.sendActivity('no auth'));
    expect(connector.lastAuthorization).toBeUndefined();

    const response = await fetch(`${connector.serviceUrl}v3/conversations/${encodeURIComponent(PERSONAL)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer token-from-bot' },
      body: JSON.stringify({ type: 'message', text: 'with auth' }),
    });

    expect(response.status).toBe(201);
    expect(connector.lastAuthorization).toBe('Bearer token-from-bot');
    expect(connector.sent.map((r) => r.authorization)).toEqual([undefined, 'Bearer token-from-bot']);
  });

  it('resolves waitFor when a matching send arrives later', async () => {
    const waiting = connector.waitFor((r) => r.activity?.text === 'later', 3000);

    await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), (ctx) => ctx.sendActivity('later'));

    await expect(waiting).resolves.toMatchObject({ conversationId: PERSONAL, status: 201 });
  });

  it('rejects waitFor with a list of what it did receive', async () => {
    await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), (ctx) => ctx.sendActivity('something else'));

    await expect(connector.waitFor((r) => r.activity?.text === 'never sent', 100)).rejects.toThrow(/received 1 write request.*\n.*reply a:1Xy7-personal_chat → 201 something else/);
  });

  it('counts each delivered message per conversation and flags a repeated message as a duplicate', async () => {
    await inTurn(adapter, personalReference(connector.serviceUrl, PERSONAL), async (ctx) => {
      await ctx.sendActivity('first');
      await ctx.sendActivity('second');
      await ctx.sendActivity('first');
    });
    await inTurn(adapter, personalReference(connector.serviceUrl, 'a:1other'), (ctx) => ctx.sendActivity('first'));

    const stats = connector.stats();
    expect(stats.accepted).toBe(4);
    expect(stats.perConversation[PERSONAL]?.accepted).toBe(3);
    expect(stats.perConversation['a:1other']?.activities.map((a) => a.text)).toEqual(['first']);
    expect(stats.duplicates).toBe(1);
    expect(stats.rejected).toBe(0);
  });

  it('answers an unknown route with 404 and records it', async () => {
    const response = await fetch(`${connector.serviceUrl}v3/nowhere`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(404);
    expect(connector.requests.at(-1)).toMatchObject({ route: 'unknown', status: 404 });
  });
});
