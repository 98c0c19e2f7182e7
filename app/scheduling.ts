/**
 * Runs the scheduler inside the bot's process for `npm start`: a tick every minute under
 * the scheduler lease, sending through the same adapter the bot answers with.
 */
import type { Config } from '../src/config/config';
import type { Transport } from '../src/outbox/transport';
import type { CycleClosedHook } from '../src/scheduler/cycles';
import { startSchedulerTimer } from '../src/scheduler/tick';
import { tickReach } from '../src/reach/fromConfig';
import { createBotTransport } from '../bot/proactive/botTransport';
import type { RunningPlanPulse } from './runtime';

/**
 * `hooksFor` receives the transport the scheduler sends with, so a cycle-close hook can also
 * edit a message already posted (a channel summary brought up to date), as `planpulse tick` does.
 */
export function schedulerBackground(config: Config, hooksFor: (transport: Transport) => CycleClosedHook[] = () => []) {
  return (running: Omit<RunningPlanPulse, 'close'>): (() => Promise<void>) => {
    const transport = createBotTransport(running.adapter, config.MicrosoftAppId ?? '');
    const store = running.opened.store;
    const timer = startSchedulerTimer({
      store,
      transport,
      clock: running.deps.clock,
      config,
      logger: running.deps.logger,
      reach: tickReach({ store, transport, clock: running.deps.clock, config, logger: running.deps.logger }),
      onCycleClosed: hooksFor(transport),
      mail: running.mail.delivery,
    });
    return () => timer.stop();
  };
}
