/**
 * Reading chat text: how long cleanText() and parseCommand() take on hostile text (runs of
 * unclosed `<`, of `<at>` without its end, of spaces) against ordinary prose of the same
 * length, in the same process. Linear cleaning keeps the ratio near 1 whatever the length.
 * Prints `BENCH parse chars=N hostile_ms=H ordinary_ms=O ratio=H/O capped_us=C`.
 */
import { cleanText, MAX_COMMAND_CHARS, parseCommand } from '../src/commands/parseCommand';

const CHARS = 200_000;

function timeMs(fn: () => void, rounds: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  return Number(process.hrtime.bigint() - started) / 1e6 / rounds;
}

function main(): void {
  const hostile = ['<'.repeat(CHARS), '<at>'.repeat(CHARS / 4), `<at>${'a'.repeat(CHARS)}`, ` ${' '.repeat(CHARS)}x`];
  const ordinary = 'Waiting for ICB sign-off on the early help pathway. '.repeat(Math.ceil(CHARS / 52)).slice(0, CHARS);
  // Warm both paths so neither pays for compilation.
  for (const text of [...hostile, ordinary]) cleanText(text);
  const hostileMs = Math.max(...hostile.map((text) => timeMs(() => cleanText(text), 20)));
  const ordinaryMs = timeMs(() => cleanText(ordinary), 20);
  const longMessage = `1.1 red ${'<'.repeat(28_000)}`;
  const cappedUs = timeMs(() => parseCommand(longMessage), 10_000) * 1000;
  if (parseCommand(longMessage).kind !== 'tooLong') throw new Error(`A message over ${MAX_COMMAND_CHARS} characters was read as a command.`);
  process.stdout.write(
    `BENCH parse chars=${CHARS} hostile_ms=${hostileMs.toFixed(3)} ordinary_ms=${ordinaryMs.toFixed(3)} ratio=${(hostileMs / ordinaryMs).toFixed(2)} capped_us=${cappedUs.toFixed(3)}\n`,
  );
}

main();
