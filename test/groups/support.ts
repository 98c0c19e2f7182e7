/**
 * The groups-and-boards harness: the real bot (startTestBot) plus real scheduler ticks through
 * the botbuilder transport on the bot's own adapter, with the reporting hooks, and helpers to
 * speak in a team channel and click cards there.
 */
import { createBotTransport } from '../../bot/proactive/botTransport';
import { reportingHooks } from '../../src/reporting/hooks';
import { runTick, type TickSummary } from '../../src/scheduler/tick';
import { adaptiveCardInvoke, channelMessage, postActivity } from '../support/activities';
import { PLAN_ID, TENANT_ID, startTestBot, type TestBot, type TestUser } from '../support/botHarness';

export { PLAN_ID };

export interface GroupsBot extends TestBot {
  tick(at: string): Promise<TickSummary>;
  inChannel(user: TestUser, channelId: string, text: string): Promise<void>;
  clickInChannel(user: TestUser, channelId: string, verb: string, data: Record<string, unknown>, replyToId?: string): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function startGroupsBot(now: string): Promise<GroupsBot> {
  const bot = await startTestBot({ now });
  const transport = createBotTransport(bot.running.adapter, '');
  const fast = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.ceil(ms / 50)));
  return Object.assign(bot, {
    async tick(at: string) {
      bot.clock.set(at);
      return runTick({
        store: bot.store,
        transport,
        clock: bot.clock,
        config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50 },
        planId: PLAN_ID,
        onCycleClosed: reportingHooks({ transport }),
        lease: false,
        sender: { ratePerSecond: 50, sleep: fast, baseBackoffMs: 100 },
      });
    },
    async inChannel(user: TestUser, channelId: string, text: string) {
      const res = await postActivity(
        bot.url,
        channelMessage({ text, teamId: channelId, channelId, serviceUrl: bot.connector.serviceUrl, user: { id: user.id, aadObjectId: user.aadObjectId, name: user.name }, tenantId: TENANT_ID }),
      );
      if (res.status >= 300) throw new Error(`"${text}" in ${channelId} answered ${res.status}`);
    },
    async clickInChannel(user: TestUser, channelId: string, verb: string, data: Record<string, unknown>, replyToId?: string) {
      const res = await postActivity(
        bot.url,
        adaptiveCardInvoke({
          verb,
          data,
          replyToId,
          serviceUrl: bot.connector.serviceUrl,
          user: { id: user.id, aadObjectId: user.aadObjectId, name: user.name },
          tenantId: TENANT_ID,
          conversation: { id: channelId, conversationType: 'channel', channelId, teamId: channelId },
        }),
      );
      return { status: res.status, body: res.body };
    },
  });
}

/** Every string in a card, joined: what a reader of the card sees (and its button data). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}
