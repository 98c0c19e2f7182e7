/**
 * A running Plan Pulse (the real server, a real store with the Plymouth plan) that has mailed
 * its prompts to a real SMTP server: the emailed links are what the tests open.
 */
import path from 'node:path';
import { startPlanPulse, type RunningPlanPulse } from '../../app/runtime';
import { loadConfig } from '../../src/config/config';
import { fixedClock, type Clock } from '../../src/domain/clock';
import { importPlan } from '../../src/import/importPlan';
import { createLogger } from '../../src/logging/logger';
import { runTick, type TickSummary } from '../../src/scheduler/tick';
import { reportingHooks } from '../../src/reporting/hooks';
import type { Store } from '../../src/storage/store';
import { createBotTransport } from '../../bot/proactive/botTransport';
import { makeTestStore, testConnectionString } from '../support/store';
import { startSmtp, type ReceivedMail, type SmtpStandIn } from '../support/smtp';

export const PLAN_ID = 'plymouth-2023';
export const BUSY_DAY = '2023-10-09T08:00:00Z';
export const SECRET = 'a-test-secret-that-is-long-enough-to-sign-links-0123456789';
const FIXTURE = path.resolve(__dirname, '../../fixtures/plymouth-2023');

/** A clock the test moves. */
export function movableClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now), set: (iso: string) => (now = new Date(iso)) };
}

export interface RespondRig {
  store: Store;
  smtp: SmtpStandIn;
  running: RunningPlanPulse;
  clock: ReturnType<typeof movableClock>;
  tick(at: string): Promise<TickSummary>;
  /** The response link in a received mail (the update page, not a chair's Decide link beside it). */
  linkOf(mail: ReceivedMail): string;
  close(): Promise<void>;
}

export async function startRespondRig(env: Record<string, string> = {}, source = FIXTURE): Promise<RespondRig> {
  const store = await makeTestStore();
  const imported = await importPlan(store, source, { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-09-01T08:00:00Z') });
  if (!imported.ok) throw new Error('The fixture did not import.');
  const smtp = await startSmtp();
  const clock = movableClock(BUSY_DAY);
  const config = loadConfig({
    PORT: '0',
    PLANPULSE_SCHEDULER: 'off',
    STORAGE_CONNECTION_STRING: testConnectionString(),
    SMTP_URL: smtp.url,
    PLANPULSE_LINK_SECRET: SECRET,
    ...env,
  });
  const running = await startPlanPulse({
    config,
    clock,
    logger: createLogger({ level: 'silent' }),
    opened: { store, description: 'test', close: async () => {} },
  });
  const transport = createBotTransport(running.adapter, '');
  return {
    store,
    smtp,
    running,
    clock,
    tick: (at) => {
      clock.set(at);
      return runTick({
        store,
        transport,
        clock: fixedClock(at),
        config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50 },
        planId: PLAN_ID,
        mail: running.mail.delivery,
        onCycleClosed: reportingHooks(),
        sender: { ratePerSecond: 50 },
      });
    },
    linkOf(mail) {
      // A mail that carries a chair's digest beside other notices has a second link, on a line of its own after "Decide: ".
      const links = [...(mail.parsed.text ?? '').matchAll(/^(Decide: )?.*?(https?:\/\/\S+\/respond\/[A-Za-z0-9_.-]+)/gm)];
      const found = links.find((m) => !m[1]);
      if (!found) throw new Error(`No response link in "${mail.parsed.subject}".`);
      return found[2]!;
    },
    async close() {
      await running.close();
      await smtp.close();
    },
  };
}
