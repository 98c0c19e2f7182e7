/**
 * A sending process of its own, for the crash test: drains one plan's outbox through the real
 * botbuilder transport to the connector stand-in, as `planpulse tick` does, until it is killed
 * or the queue is empty. Reads where to work from the environment.
 */
import { createBotTransport } from '../../bot/proactive/botTransport';
import { createAdapter } from '../../bot/adapter';
import { fixedClock } from '../../src/domain/clock';
import { drainOutbox } from '../../src/outbox/sender';
import { Store } from '../../src/storage/store';
import { TableStore } from '../../src/storage/tableStore';

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set.`);
    return value;
  };
  const store = await new Store(new TableStore({ kind: 'connectionString', connectionString: env('CRASH_STORAGE') }, env('CRASH_PREFIX'))).init();
  const transport = createBotTransport(createAdapter({ MicrosoftAppType: 'MultiTenant' }), '');
  const result = await drainOutbox({
    store,
    transport,
    clock: fixedClock(env('CRASH_NOW')),
    planId: env('CRASH_PLAN'),
    options: { ratePerSecond: Number(env('CRASH_RATE')) },
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
