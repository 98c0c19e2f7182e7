/**
 * The activity builders checked against the real stack the bot runs on: a teams-ai Application
 * behind restify, fed over HTTP by postActivity(), answering through the connector stand-in. Each
 * shape must be routed and read by teams-ai and botbuilder the way a real Teams activity is.
 */
import { Application, TurnState, type AdaptiveCard } from '@microsoft/teams-ai';
import { MemoryStorage, TeamsInfo, teamsGetTeamInfo, TurnContext } from 'botbuilder';
import * as restify from 'restify';
import type { AddressInfo } from 'node:net';
import {
  adaptiveCardInvoke,
  channelMessage,
  conversationUpdateMembersAdded,
  installationUpdate,
  personalMessage,
  postActivity,
  TEST_BOT,
  TEST_TENANT_ID,
  teamsUser,
} from '../support/activities';
import { personalConversationId, startConnector, type Connector } from '../support/connector';
import { makeAdapter } from './proactive';

interface Seen {
  kind: string;
  detail: Record<string, unknown>;
}

let connector: Connector;
let server: restify.Server;
let baseUrl: string;
const seen: Seen[] = [];
const ann = teamsUser('Ann Lead', 'ann.lead@plymouth.example.org');

beforeAll(async () => {
  connector = await startConnector();
  const adapter = makeAdapter();
  const app = new Application<TurnState>({ adapter, storage: new MemoryStorage() });
  app.message(/.*/, async (ctx) => {
    const text = TurnContext.removeRecipientMention(ctx.activity)?.trim();
    const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id).catch(() => undefined);
    seen.push({
      kind: 'message',
      detail: {
        text,
        conversationType: ctx.activity.conversation.conversationType,
        teamId: teamsGetTeamInfo(ctx.activity)?.id,
        tenantId: ctx.activity.conversation.tenantId,
        memberEmail: member?.email,
      },
    });
    await ctx.sendActivity(`echo: ${text}`);
  });
  app.adaptiveCards.actionExecute<{ ref: string }>('openUpdate', async (ctx, _state, data) => {
    seen.push({ kind: 'invoke', detail: { data, replyToId: ctx.activity.replyToId, from: ctx.activity.from.aadObjectId } });
    return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `Update ${data.ref}` }] } as AdaptiveCard;
  });
  app.conversationUpdate('membersAdded', async (ctx) => {
    seen.push({ kind: 'membersAdded', detail: { ids: ctx.activity.membersAdded?.map((m) => m.id), botId: ctx.activity.recipient.id } });
  });
  app.activity('installationUpdate', async (ctx) => {
    seen.push({ kind: 'installationUpdate', detail: { action: ctx.activity.action, conversationId: ctx.activity.conversation.id } });
  });

  server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (ctx) => app.run(ctx).then(() => undefined));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await connector.close();
});

beforeEach(() => {
  seen.length = 0;
  connector.reset();
});

it('delivers a personal message that the bot reads and answers in the user’s own chat', async () => {
  connector.addMember('*', { ...ann, email: 'ann.lead@plymouth.example.org', tenantId: TEST_TENANT_ID });
  const activity = personalMessage({ text: 'my actions', user: ann, serviceUrl: connector.serviceUrl });

  const result = await postActivity(baseUrl, activity);

  expect(result.status).toBe(200);
  expect(activity).toMatchObject({ channelId: 'msteams', locale: 'en-GB', recipient: TEST_BOT, channelData: { tenant: { id: TEST_TENANT_ID } } });
  expect(seen).toEqual([
    { kind: 'message', detail: { text: 'my actions', conversationType: 'personal', teamId: undefined, tenantId: TEST_TENANT_ID, memberEmail: 'ann.lead@plymouth.example.org' } },
  ]);
  const chat = personalConversationId(TEST_TENANT_ID, ann.id);
  expect(connector.activitiesTo(chat).map((a) => a.text)).toEqual(['echo: my actions']);
});

it('delivers a channel post whose bot mention botbuilder strips, with the team read from channelData', async () => {
  const activity = channelMessage({
    text: 'status Health',
    teamId: '19:boardTeam@thread.tacv2',
    channelId: '19:health@thread.tacv2',
    user: ann,
    serviceUrl: connector.serviceUrl,
  });

  const result = await postActivity(baseUrl, activity);

  expect(result.status).toBe(200);
  expect(activity.text).toBe('<at>Plan Pulse</at> status Health');
  expect(seen[0]?.detail).toMatchObject({ text: 'status Health', conversationType: 'channel', teamId: '19:boardTeam@thread.tacv2' });
  expect(connector.activitiesTo(activity.conversation.id).map((a) => a.text)).toEqual(['echo: status Health']);
});

it('delivers a Universal Action invoke that teams-ai routes by verb and answers with a card', async () => {
  const activity = adaptiveCardInvoke({ verb: 'openUpdate', data: { ref: '2.4' }, user: ann, serviceUrl: connector.serviceUrl, replyToId: '1700000000123' });

  const result = await postActivity(baseUrl, activity);

  expect(activity).toMatchObject({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'openUpdate' }, trigger: 'manual' } });
  expect(result.status).toBe(200);
  expect(result.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { body: [{ text: 'Update 2.4' }] } });
  expect(seen).toEqual([{ kind: 'invoke', detail: { data: { ref: '2.4' }, replyToId: '1700000000123', from: ann.aadObjectId } }]);
});

it('delivers the personal install conversationUpdate with the bot among the members added', async () => {
  const result = await postActivity(baseUrl, conversationUpdateMembersAdded({ user: ann, serviceUrl: connector.serviceUrl, includeUser: true }));

  expect(result.status).toBe(200);
  expect(seen).toEqual([{ kind: 'membersAdded', detail: { ids: [TEST_BOT.id, ann.id], botId: TEST_BOT.id } }]);
});

it('delivers installationUpdate add and remove for the user’s personal chat', async () => {
  for (const action of ['add', 'remove'] as const) {
    const result = await postActivity(baseUrl, installationUpdate({ action, user: ann, serviceUrl: connector.serviceUrl }));
    expect(result.status).toBe(200);
  }

  const chat = personalConversationId(TEST_TENANT_ID, ann.id);
  expect(seen).toEqual([
    { kind: 'installationUpdate', detail: { action: 'add', conversationId: chat } },
    { kind: 'installationUpdate', detail: { action: 'remove', conversationId: chat } },
  ]);
});

it('gives each built activity a fresh id in Teams’ style', () => {
  const messages = [1, 2, 3].map(() => personalMessage({ text: 'x', user: ann, serviceUrl: connector.serviceUrl }).id);
  const invokes = [1, 2].map(() => adaptiveCardInvoke({ verb: 'v', user: ann, serviceUrl: connector.serviceUrl }).id);

  expect(new Set(messages).size).toBe(3);
  messages.forEach((id) => expect(id).toMatch(/^\d{13,}$/));
  expect(new Set(invokes).size).toBe(2);
  invokes.forEach((id) => expect(id).toMatch(/^f:\d+$/));
});
