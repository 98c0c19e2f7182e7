/**
 * `planpulse reach [--plan ID]`: makes every person of the plan reachable where it can
 * (Microsoft Graph: email → Entra object id, the app installed for them, their chat opened) and
 * prints one line per person: `teams`, `email` or `unreachable` with the reason and what to do.
 * A Graph refusal that stops the whole run is said once, before the lines.
 */
import type { Transport } from '../../outbox/transport';
import { usesEmbeddedStore } from '../../mail/delivery';
import { graphAccessFromConfig } from '../../reach/fromConfig';
import { reachPeople, type GraphProblem } from '../../reach/reach';
import { reachLine, whatToDo, whyUnreachable } from '../../reach/reachability';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';
import { openChosenPlan } from '../planChoice';

export const usage = 'planpulse reach [--plan ID]';

/** The one notice for a problem that stopped Graph for everyone. */
export function graphNotice(problem: GraphProblem, missing?: string): string {
  if (problem.cause === 'notConfigured') {
    return `Microsoft Graph is not configured (${missing ?? 'TEAMS_APP_ID and the bot’s credentials'} not set): only people who already have Plan Pulse installed can be reached in Teams. To install it for everyone, set them and ${whatToDo('graphNotPermitted')}; or pre-install the app with a Teams app setup policy.`;
  }
  return `Microsoft Graph refused (${problem.detail}): ${whyUnreachable(problem.cause)}. To fix: ${whatToDo(problem.cause)}. Everything else keeps working; people who already have the app are still reached.`;
}

export async function run(args: string[], ctx: CliContext, transport?: Transport): Promise<number> {
  const { values, positionals } = parseFlags(args, { plan: { type: 'string' } }, usage);
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
  const chosen = await openChosenPlan(ctx, values.plan);
  if (!chosen) return EXIT.invalidInput;
  const { store, planId } = chosen;
  const access = graphAccessFromConfig(ctx.config);
  const plan = await store.plans.getPlan(planId);
  // As setUpMail decides, without opening anything: a relay (with a link key), or the embedded store's capture.
  const embedded = usesEmbeddedStore(ctx.config);
  const mailEnabled = ctx.config.SMTP_URL ? embedded || !!ctx.config.PLANPULSE_LINK_SECRET : embedded;
  const people = (await store.plans.listPeople(planId)).sort((a, b) => a.email.localeCompare(b.email));
  const outcome = await reachPeople(
    {
      store,
      transport: transport ?? ctx.transport(),
      clock: ctx.clock,
      graph: 'client' in access ? access : undefined,
      tenantId: plan?.tenantId ?? ctx.config.MicrosoftAppTenantId,
      fallbackServiceUrl: ctx.config.BOT_SERVICE_URL,
      mailEnabled,
    },
    people,
  );
  if (outcome.graphProblem) ctx.stderr(`${graphNotice(outcome.graphProblem, 'missing' in access ? access.missing : undefined)}\n`);
  for (const person of people) {
    const r = outcome.results.get(person.id);
    if (r) ctx.stdout(`${reachLine(person.email, r)}\n`);
  }
  const { teams, email, unreachable, installed } = outcome.counts;
  ctx.stdout(`${people.length} people: ${teams} in Teams (${installed} newly installed), ${email} by email, ${unreachable} unreachable.\n`);
  return EXIT.ok;
}
