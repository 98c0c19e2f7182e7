#!/usr/bin/env node
/**
 * The `planpulse` command: the command line of src/cli, given the transport to Teams. It
 * loads botbuilder (not teams-ai) and only when a command first sends, so a tick with nothing
 * due starts as fast as the storage client allows.
 */
import { EXIT } from '../src/cli/context';
import { main } from '../src/cli/main';
import { lazyTransport } from '../src/outbox/lazyTransport';

main(process.argv.slice(2), {
  transport: (config) =>
    lazyTransport(() => {
      // Loaded on first send: require keeps it synchronous and out of an idle tick.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSendingTransport } = require('../bot/proactive/sendingTransport') as typeof import('../bot/proactive/sendingTransport');
      return createSendingTransport(config);
    }),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`planpulse failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT.invalidInput;
  },
);
