/**
 * The scheduler `npm start` runs inside the bot's process: its cycle-close hooks get the
 * transport it sends with, so they can edit a posted summary as `planpulse tick` does.
 */
import { schedulerBackground } from '../../app/scheduling';
import { loadConfig } from '../../src/config/config';
import type { Transport } from '../../src/outbox/transport';
import { startTestBot, type TestBot } from '../support/botHarness';

describe('the in-process scheduler', () => {
  let bot: TestBot;
  let given: Transport | undefined;

  beforeAll(async () => {
    bot = await startTestBot({
      startBackground: schedulerBackground(loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'on', LOG_LEVEL: 'silent' }), (transport) => {
        given = transport;
        return [];
      }),
    });
  });
  afterAll(() => bot?.close());

  it('hands its cycle-close hooks a transport that delivers through the bot', async () => {
    expect(given).toBeDefined();
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.install(dh);
    const ref = (await bot.store.identities.get('dh@plymouth.example'))?.conversation;
    expect(ref).toBeDefined();
    const { activityId } = await given!.send(ref!, { type: 'message', text: 'Summary for the meeting on 16 Nov 2023.' });
    await given!.update(ref!, activityId, { type: 'message', text: 'Summary for the meeting on 16 Nov 2023, updated.' });
    const transcript = bot.connector.transcript(dh.conversationId);
    const entry = transcript.find((t) => t.activityId === activityId);
    expect(entry?.activity.text).toBe('Summary for the meeting on 16 Nov 2023, updated.');
    expect(entry?.updates).toBe(1);
  });
});
