/**
 * The planpulse command line: parses the configuration once, dispatches to one command
 * module (src/cli/commands/<name>.ts), opens the store only if the command uses it, and
 * closes it before exiting with the command's exit code: 0 ok, 1 invalid input or refused,
 * 2 usage, 3 storage unavailable. The executable is app/cli.ts, which adds the transport
 * to Teams.
 */
import { ConfigError, loadConfig, type Config } from '../config/config';
import { systemClock, type Clock } from '../domain/clock';
import type { Transport } from '../outbox/transport';
import { openStore, type OpenedStore } from '../storage/store';
import type { Store } from '../storage/store';
import { waitingFor } from '../storage/embeddedStore';
import { isStorageUnavailable, StorageUnavailableError } from '../storage/errors';
import { EXIT, UsageError, type CliContext, type CommandModule } from './context';

/*
 * Each command is one entry. Modules load only when their command runs (require keeps
 * that synchronous and CommonJS, so the compiled CLI starts without loading exceljs
 * for a status call).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: Record<string, () => CommandModule> = {
  import: () => require('./commands/import') as CommandModule,
  export: () => require('./commands/export') as CommandModule,
  status: () => require('./commands/status') as CommandModule,
  tick: () => require('./commands/tick') as CommandModule,
  plans: () => require('./commands/plans') as CommandModule,
  reach: () => require('./commands/reach') as CommandModule,
  'forget-person': () => require('./commands/forgetPerson') as CommandModule,
  'revoke-links': () => require('./commands/revokeLinks') as CommandModule,
  bounce: () => require('./commands/bounce') as CommandModule,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const USAGE = `Usage: planpulse <command> [options]

Commands:
  import <folder|file.xlsx> [--plan ID] [--name TEXT] [--dry-run] [--allow-removals] [--new-plan]
                                                      validate and import a plan (all or nothing)
  export [--plan ID] --format csv|xlsx|html --out FILE  write the plan with its current state
  status [--plan ID] [--group NAME] [--json]          BRAG counts, overdue actions, missing updates
  tick [--now ISO-8601] [--plan ID]                   run the scheduler once
  plans [--json]                                      one line per plan: id, name, actions, last import, state
  plans archive|restore ID                            stop everything sent for a plan and hide it, or bring it back
  reach [--plan ID]                                   make every person reachable; one line each: teams, email or unreachable
  forget-person EMAIL                                 remove a leaver's contact data and identity from every plan; revoke their links
  revoke-links EMAIL|LINK [--plan ID]                 withdraw a person's response links, or one link
  bounce FILE|-                                       mark the addresses a bounce message (RFC 3464) says failed unreachable by email
`;

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  clock?: Clock;
  /** Opens the store; defaults to the configured one (embedded Azurite when none is set). */
  openStore?: (config: Config) => Promise<OpenedStore>;
  /** Builds the transport to Teams for the commands that send (tick, reach). */
  transport?: (config: Config) => Transport;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const stdout = options.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = options.stderr ?? ((t: string) => void process.stderr.write(t));
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? stdout : stderr)(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = COMMANDS[name];
  if (!load) {
    stderr(`Unknown command "${name}".\n\n${USAGE}`);
    return EXIT.usage;
  }
  let config: Config;
  try {
    config = loadConfig(options.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      stderr(`${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  let opened: Promise<OpenedStore> | undefined;
  const open = options.openStore ?? ((c: Config) => openStore(c, { role: 'cli', onWait: (holder) => stderr(`${waitingFor(holder)}\n`) }));
  const ctx: CliContext = {
    stdout,
    stderr,
    config,
    clock: options.clock ?? systemClock,
    store: async (): Promise<Store> => {
      opened ??= open(config);
      return (await opened).store;
    },
    transport: () => {
      if (!options.transport) throw new Error('this command sends to Teams, and no transport was given: run it through app/cli.ts.');
      return options.transport(config);
    },
  };
  let code: number;
  try {
    const command = load();
    code = await command.run(args, ctx);
  } catch (err) {
    code = exitCodeOf(err, name, stderr);
  }
  // The embedded store saves its data as it stops: a command has not succeeded until it has.
  if (opened) {
    try {
      await (await opened.catch(() => undefined))?.close();
    } catch (err) {
      stderr(`planpulse ${name}: the store did not close cleanly: ${messageOf(err)}\n`);
      return EXIT.storageUnavailable;
    }
  }
  return code;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** 2 for bad usage, 3 when storage cannot be used, 1 for anything else that stopped the command. */
function exitCodeOf(err: unknown, name: string, stderr: (text: string) => void): number {
  if (err instanceof UsageError) {
    stderr(`${err.message}\nUsage: ${err.usage}\n`);
    return EXIT.usage;
  }
  if (isStorageUnavailable(err)) {
    const message = messageOf(err);
    stderr(`planpulse ${name}: ${err instanceof StorageUnavailableError ? message : `table storage did not answer: ${message}`}\n`);
    return EXIT.storageUnavailable;
  }
  stderr(`planpulse ${name} failed: ${messageOf(err)}\n`);
  return EXIT.invalidInput;
}
