/**
 * Runs the scheduler inside the bot's process for `npm start`: a tick every minute under
 * the scheduler lease, sending through the same adapter the bot answers with.
 */
import type { Config } from '../src/config/config';
import { startSchedulerTimer, type TickDeps } from '../src/scheduler/tick';
import { createBotTransport } from './proactive/botTransport';
import type { RunningPlanPulse } from './runtime';

export function schedulerBackground(config: Config, extra: Partial<Pick<TickDeps, 'onCycleClosed'>> = {}) {
  return (running: Omit<RunningPlanPulse, 'close'>): (() => Promise<void>) => {
    const timer = startSchedulerTimer({
      store: running.opened.store,
      transport: createBotTransport(running.adapter, config.MicrosoftAppId ?? ''),
      clock: running.deps.clock,
      config,
      logger: running.deps.logger,
      ...extra,
    });
    return () => timer.stop();
  };
}
