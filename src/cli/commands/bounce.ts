/**
 * `planpulse bounce FILE|-`: reads a bounce that came back as mail (a delivery status
 * notification, RFC 3464, saved as an .eml file or piped in) and marks each address it says
 * failed for good (Action: failed, Status 5.x.x) unreachable by email, as an SMTP refusal at
 * sending does: nothing more is emailed to it, and the person is reached in Teams where they
 * can be. A delayed delivery changes nothing. Addresses no plan names are left alone.
 */
import fs from 'node:fs';
import { outboxKeyOfMessageId, readDeliveryReport } from '../../mail/bounces';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse bounce FILE|-   (a delivery status notification, RFC 3464; - reads standard input)';

async function readInput(path: string): Promise<Buffer> {
  if (path !== '-') return fs.promises.readFile(path);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseFlags(args, {}, usage);
  if (positionals.length !== 1) throw new UsageError('Give one bounce message: a file, or - for standard input.', usage);
  const source = positionals[0]!;
  let raw: Buffer;
  try {
    raw = await readInput(source);
  } catch (err) {
    ctx.stderr(`Cannot read ${source}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.invalidInput;
  }
  const read = await readDeliveryReport(raw);
  if (!read.ok) {
    ctx.stderr(`${source === '-' ? 'standard input' : source}: ${read.message} Nothing was changed.\n`);
    return EXIT.invalidInput;
  }
  const { report } = read;
  const store = await ctx.store();
  const key = report.originalMessageId ? outboxKeyOfMessageId(report.originalMessageId) : undefined;
  let marked = 0;
  for (const r of report.recipients) {
    const what = `${r.action || 'no action'}${r.status ? ` ${r.status}` : ''}${r.diagnostic ? ` (${r.diagnostic})` : ''}`;
    if (!r.permanent) {
      ctx.stdout(`${r.address}: ${what}: not a permanent failure; nothing was changed.\n`);
      continue;
    }
    const plans = (await store.plans.membershipsOf(r.address)).map((m) => m.planId);
    if (plans.length === 0) {
      ctx.stdout(`${r.address}: ${what}: no plan names this address; nothing was changed.\n`);
      continue;
    }
    const reason = `A bounce${report.reportingMta ? ` from ${report.reportingMta}` : ''} says mail to ${r.address} failed: ${what}`.slice(0, 300);
    await store.identities.merge(r.address, { emailUnreachable: reason });
    marked++;
    ctx.stdout(`${r.address}: ${what}: marked unreachable by email in ${plans.join(', ')}${key ? ` (it answers the message ${key})` : ''}. Nothing more is emailed to this address; fix it in people.csv and import again.\n`);
  }
  return marked > 0 || report.recipients.every((r) => !r.permanent) ? EXIT.ok : EXIT.invalidInput;
}
