/**
 * `planpulse revoke-links EMAIL|LINK [--plan ID]`: withdraws response links. Given an address,
 * every link issued to that person (in every plan that names them, or in one with --plan);
 * given a link (the URL from an email, or its token), that one link. A withdrawn link opens a
 * page saying so and how to get a new one, and records nothing. The next email the person is
 * sent carries a fresh link.
 */
import { hashToken } from '../../respond/links';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse revoke-links EMAIL|LINK [--plan ID]';

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseFlags(args, { plan: { type: 'string' } }, usage);
  if (positionals.length !== 1) throw new UsageError('Give one email address, or one link from an email.', usage);
  const given = positionals[0]!.trim();
  const store = await ctx.store();
  const now = ctx.clock.now();

  if (given.includes('@') && !given.includes('/')) {
    const email = given.toLowerCase();
    const plans = (await store.plans.membershipsOf(email)).map((m) => m.planId).filter((p) => !values.plan || p === values.plan);
    if (plans.length === 0) {
      ctx.stderr(`${values.plan ? `Plan ${values.plan} does not name` : 'No plan names'} ${email}; no link was withdrawn.\n`);
      return EXIT.invalidInput;
    }
    const counts = [];
    for (const planId of plans) counts.push(`${planId}: ${await store.responseLinks.revokeForPerson(planId, email, now)}`);
    ctx.stdout(`Withdrew the response links of ${email} (${counts.join(', ')}). Their next email brings a new link.\n`);
    return EXIT.ok;
  }

  // A URL or a bare token: the token is the last part of the link's path.
  const token = given.split(/[?#]/)[0]!.split('/').filter(Boolean).pop() ?? '';
  const link = await store.responseLinks.get(hashToken(token));
  if (!link || (values.plan && link.planId !== values.plan)) {
    ctx.stderr(`No response link matches ${given.length > 40 ? `${given.slice(0, 40)}…` : given}; nothing was withdrawn. Copy the whole link from the email.\n`);
    return EXIT.invalidInput;
  }
  await store.responseLinks.revoke(link.hash, now);
  ctx.stdout(`Withdrew the link${link.revokedAt ? ' (it was already withdrawn)' : ''} sent to ${link.personId} in ${link.planId}.\n`);
  return EXIT.ok;
}
