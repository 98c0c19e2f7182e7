#!/usr/bin/env node
/**
 * `npm start`: runs Plan Pulse with its embedded defaults — Azurite under .data/, the demo
 * plan when the store is empty, the bot on PORT (loopback only without credentials) and
 * the scheduler — and says what it started and where. Ctrl-C stops everything.
 */
import './quietWarnings';
import path from 'node:path';
import { loadConfigOrExit, type Config } from '../src/config/config';
import { systemClock } from '../src/domain/clock';
import { DEMO_PLAN_ID, writeDemoPlan } from './demoPlan';
import { importPlan } from '../src/import';
import { isArchived } from '../src/domain/model';
import { planDateOf } from '../src/calendar';
import { projectRoot } from '../src/util/projectRoot';
import type { OpenedStore } from '../src/storage/store';
import type { Logger } from '../src/logging/logger';
import { startPlanPulse } from './runtime';
import { schedulerBackground } from './scheduling';
import { reportingHooks } from '../src/reporting/hooks';

/** Only the embedded store gets the demo plan: a configured (production) store starts empty. */
async function loadDemoPlanIfEmpty(config: Config, opened: OpenedStore, logger: Logger): Promise<string | undefined> {
  if (config.STORAGE_CONNECTION_STRING || config.STORAGE_TABLE_ENDPOINT) return undefined;
  if ((await opened.store.plans.listPlans()).length > 0) return undefined;
  const today = planDateOf(systemClock.now(), config.PLAN_TIMEZONE);
  const folder = writeDemoPlan(
    path.join(projectRoot(), 'fixtures', DEMO_PLAN_ID),
    path.resolve(config.PLANPULSE_DATA_DIR, 'demo', DEMO_PLAN_ID),
    today,
  );
  const result = await importPlan(opened.store, folder, { planId: DEMO_PLAN_ID, clock: systemClock, timeZone: config.PLAN_TIMEZONE });
  if (!result.ok) {
    throw new Error(`The demo plan did not import:\n${result.problems.map((p) => `  ${typeof p === 'string' ? p : JSON.stringify(p)}`).join('\n')}`);
  }
  logger.info({ planId: DEMO_PLAN_ID, actions: result.summary.counts.actions }, 'Loaded the demo plan.');
  return `the Plymouth demo plan (${result.summary.counts.actions} actions, dates moved to look live today)`;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  let demo: string | undefined;
  const running = await startPlanPulse({
    config,
    beforeListen: async (opened, logger) => {
      demo = await loadDemoPlanIfEmpty(config, opened, logger);
    },
    startBackground: config.PLANPULSE_SCHEDULER === 'on' ? schedulerBackground(config, (transport) => reportingHooks({ transport })) : undefined,
  });
  const plans = await running.opened.store.plans.listPlans();
  const lines = [
    '',
    'Plan Pulse is running.',
    `  Bot endpoint:  ${running.url}/api/messages${config.MicrosoftAppId ? '' : ' (auth off: loopback only)'}`,
    `  Health:        ${running.url}/healthz`,
    `  Storage:       ${running.opened.description}`,
    `  Plans:         ${plans.map((p) => (isArchived(p) ? `${p.id} (archived)` : p.id)).join(', ') || 'none'}${demo ? ` — loaded ${demo}` : ''}`,
    `  Scheduler:     ${config.PLANPULSE_SCHEDULER === 'on' ? 'on, ticking every minute' : 'off (run `planpulse tick` from a timer)'}`,
    `  Email:         ${running.mail.captured ? `captured, not sent (no SMTP_URL): read it at ${running.url}/dev/mail` : running.mail.description}`,
    ...(running.mail.links ? [`  Response page: ${running.mail.links.publicUrl}/respond/… (the links emails carry)`] : []),
    '',
    'Talk to it locally:',
    '  npm run playground      opens Microsoft 365 Agents Playground (a Teams-like client) against this bot',
    `  node dist/app/cli.js status     BRAG counts, overdue actions, missing updates`,
    `  node dist/app/cli.js plans      the plans stored (commands share this bot's store)`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nStopping Plan Pulse (${signal})…\n`);
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Plan Pulse could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
