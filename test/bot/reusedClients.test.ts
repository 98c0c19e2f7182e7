/**
 * The Bot Connector clients the adapter reuses across turns: one per bot app id, service
 * URL and audience, so replies still go to the service that sent each activity.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { MAX_REUSED_CLIENTS, ReusedClientsAuthentication } from '../../bot/reusedClients';
import { startConnector, type Connector } from '../support/connector';
import { personalMessage, postActivity } from '../support/activities';
import { startTestBot, type TestBot } from '../support/botHarness';

const claimsFor = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

describe('reusing Bot Connector clients', () => {
  it('hands out one connector client per service URL and audience, and one token client per app', async () => {
    const auth = new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const anonymous = new ClaimsIdentity([], true);
    const factory = auth.createConnectorFactory(anonymous);
    const first = await factory.create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com');
    const again = await auth.createConnectorFactory(anonymous).create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com');
    const otherRegion = await factory.create('https://smba.trafficmanager.net/amer/', 'https://api.botframework.com');
    const otherAudience = await factory.create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.us');
    expect(again).toBe(first);
    expect(otherRegion).not.toBe(first);
    expect(otherAudience).not.toBe(first);
    expect(auth.connectorClientCount).toBe(3);
    expect(await auth.createUserTokenClient(anonymous)).toBe(await auth.createUserTokenClient(anonymous));
  });

  it('keeps apart the clients of different bot app ids', async () => {
    const inner = new ConfigurationBotFrameworkAuthentication({});
    const auth = new ReusedClientsAuthentication(inner);
    const forA = await auth.createConnectorFactory(claimsFor('app-a')).create('https://smba.example/emea/');
    const forB = await auth.createConnectorFactory(claimsFor('app-b')).create('https://smba.example/emea/');
    expect(forB).not.toBe(forA);
    expect(await auth.createUserTokenClient(claimsFor('app-a'))).not.toBe(await auth.createUserTokenClient(claimsFor('app-b')));
  });

  it('does not remember a client that could not be made, and tries again on the next turn', async () => {
    // Credentials for another app id than the configured one are refused by botbuilder.
    const auth = new ReusedClientsAuthentication(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '00000000-0000-4000-8000-00000000abcd', MicrosoftAppPassword: 'not-a-real-secret' }),
    );
    const factory = auth.createConnectorFactory(claimsFor('someone-else'));
    await expect(factory.create('https://smba.example/emea/')).rejects.toThrow();
    expect(auth.connectorClientCount).toBe(0);
    await expect(factory.create('https://smba.example/emea/')).rejects.toThrow();
  });

  it(`keeps at most ${MAX_REUSED_CLIENTS} connector clients, dropping the oldest`, async () => {
    const auth = new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const factory = auth.createConnectorFactory(new ClaimsIdentity([], true));
    const oldest = await factory.create('https://smba.example/0/');
    for (let i = 1; i <= MAX_REUSED_CLIENTS; i++) await factory.create(`https://smba.example/${i}/`);
    expect(auth.connectorClientCount).toBe(MAX_REUSED_CLIENTS);
    expect(await factory.create(`https://smba.example/${MAX_REUSED_CLIENTS}/`)).toBe(await factory.create(`https://smba.example/${MAX_REUSED_CLIENTS}/`));
    expect(await factory.create('https://smba.example/0/')).not.toBe(oldest);
  });
});

describe('the bot with reused clients', () => {
  let bot: TestBot;
  let elsewhere: Connector;

  beforeAll(async () => {
    bot = await startTestBot({ now: '2023-11-20T10:00:00Z' });
    elsewhere = await startConnector();
  });
  afterAll(async () => {
    await bot.close();
    await elsewhere.close();
  });

  it('answers each user through the service that sent their message, turn after turn', async () => {
    const here = bot.user('dh@plymouth.example', 'Dan Hall');
    const there = { id: '29:elsewhere-user', aadObjectId: '00000000-0000-4000-8000-0000000e15e1', name: 'Helen P' };
    elsewhere.addMember('*', { ...there, email: 'hp@plymouth.example', userPrincipalName: 'hp@plymouth.example' });
    for (let turn = 0; turn < 3; turn++) {
      await bot.say(here, 'help');
      const res = await postActivity(bot.url, personalMessage({ serviceUrl: elsewhere.serviceUrl, user: there, text: 'help', conversationId: 'a:elsewhere' }));
      expect(res.status).toBe(200);
    }
    expect(bot.cardsTo(here)).toHaveLength(3);
    expect(elsewhere.cardsTo('a:elsewhere')).toHaveLength(3);
    expect(bot.connector.cardsTo('a:elsewhere')).toHaveLength(0);
    expect(elsewhere.cardsTo(here.conversationId)).toHaveLength(0);
    // One client for each service, however many turns.
    expect(bot.running.adapter.reusedClients.connectorClientCount).toBe(2);
  });
});
