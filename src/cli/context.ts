/**
 * What every CLI command receives: output writers, the parsed configuration, a clock, the
 * store, opened on first use (which may start the embedded Azurite) and closed by main, and
 * the transport to Teams.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config';
import type { Clock } from '../domain/clock';
import type { Transport } from '../outbox/transport';
import type { Store } from '../storage/store';

export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  config: Config;
  clock: Clock;
  store(): Promise<Store>;
  /** How messages reach Teams: given by the composition root (app/cli.ts), so src/ never loads the Teams layer. */
  transport(): Transport;
}

export type CommandModule = { run(args: string[], ctx: CliContext): Promise<number> };

/** Bad flags or arguments: main prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of every command (DESIGN.md): a script can tell bad input (1) from a store to retry (3). */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, storageUnavailable: 3 } as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs, with its errors turned into UsageError carrying the command's usage. */
export function parseFlags<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    // Checked by code, not class: node's errors may come from another realm (as under jest).
    const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(String(message), usage);
    throw err;
  }
}
