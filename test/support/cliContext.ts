/**
 * A CLI command's context for running a command in-process against a test store: what it
 * prints is collected, and a command that tries to send fails the test unless a transport is given.
 */
import type { CliContext } from '../../src/cli/context';
import { loadConfig, type Config } from '../../src/config/config';
import type { Clock } from '../../src/domain/clock';
import type { Transport } from '../../src/outbox/transport';
import type { Store } from '../../src/storage/store';

export interface InProcessCli {
  ctx: CliContext;
  out(): string;
  err(): string;
}

export function inProcessCli(store: Store, clock: Clock, options: { config?: Config; transport?: Transport } = {}): InProcessCli {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    config: options.config ?? loadConfig({}),
    clock,
    store: async () => store,
    transport: () => {
      if (options.transport) return options.transport;
      throw new Error('This command was not expected to send.');
    },
  };
  return { ctx, out: () => out.join(''), err: () => err.join('') };
}
