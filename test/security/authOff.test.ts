/**
 * With authentication off the bot trusts whoever reaches it, so only this machine may:
 * JSON only (a web page cannot post JSON cross-site without a preflight), a loopback Host
 * (no DNS rebinding), and a loopback serviceUrl (the bot never sends to a server a request names).
 */
import { startTestBot, type TestBot } from '../support/botHarness';
import { personalMessage } from '../support/activities';
import { createLogger } from '../../src/logging/logger';
import { rawRequest, withServer } from './support';

describe('with authentication off', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it('refuses a form-encoded post, as a web page can send it without a preflight, with 415 and answers nothing', async () => {
    const admin = bot.user('ap@plymouth.example');
    const port = Number(new URL(bot.url).port);
    bot.connector.reset();
    // Bracketed names are how a form spells nested fields.
    const form = new URLSearchParams({
      type: 'message',
      id: 'forged-1',
      text: 'my actions',
      channelId: 'msteams',
      serviceUrl: bot.connector.serviceUrl,
      'from[id]': admin.id,
      'from[aadObjectId]': admin.aadObjectId,
      'recipient[id]': '28:bot-id',
      'conversation[id]': admin.conversationId,
      'conversation[conversationType]': 'personal',
      'conversation[tenantId]': admin.tenantId,
    });
    const res = await rawRequest(port, { path: '/api/messages', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(res.status).toBe(415);
    expect(bot.connector.activitiesTo(admin.conversationId)).toEqual([]);
  });

  it('refuses a request whose Host is not a loopback name with 421', async () => {
    const user = bot.user('ap@plymouth.example');
    const activity = personalMessage({ text: 'my actions', user, tenantId: user.tenantId, conversationId: user.conversationId, serviceUrl: bot.connector.serviceUrl });
    const port = Number(new URL(bot.url).port);
    bot.connector.reset();
    const rebound = await rawRequest(port, {
      path: '/api/messages',
      headers: { host: `attacker.example:${port}`, 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(rebound.status).toBe(421);
    expect(bot.connector.activitiesTo(user.conversationId)).toEqual([]);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const ok = await rawRequest(port, { path: '/api/messages', headers: { host, 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect({ host, status: ok.status }).toEqual({ host, status: 200 });
    }
  });

  it('refuses an activity whose serviceUrl is not on loopback with 403', async () => {
    const user = bot.user('ap@plymouth.example');
    const activity = personalMessage({ text: 'my actions', user, tenantId: user.tenantId, conversationId: user.conversationId, serviceUrl: 'https://attacker.example/' });
    const port = Number(new URL(bot.url).port);
    const res = await rawRequest(port, { path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error).toMatch(/serviceUrl must be on this machine/);
  });
});

describe('with credentials set', () => {
  it('answers a request without a token 401 and logs it as one line without a stack', async () => {
    const lines: string[] = [];
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    try {
      await withServer(
        async (running) => {
          const activity = personalMessage({ text: 'help', serviceUrl: 'https://smba.trafficmanager.net/uk/', user: { id: '29:x', aadObjectId: 'a', name: 'X' } });
          const res = await rawRequest(running.port, { path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
          expect(res.status).toBe(401);
        },
        { env: { MicrosoftAppId: '00000000-0000-4000-8000-00000000abcd', MicrosoftAppPassword: 'not-a-real-secret' }, logger },
      );
      expect(errors).not.toHaveBeenCalled();
      const refused = lines.filter((l) => l.includes('unauthenticated'));
      expect(refused).toHaveLength(1);
      expect(refused[0]!.trim().split('\n')).toHaveLength(1);
      expect(refused[0]).not.toMatch(/\bat \S+ \(/);
    } finally {
      errors.mockRestore();
    }
  });
});
