/**
 * `planpulse forget-person EMAIL`: erases a person's Teams identity (Teams user id, Entra object
 * id, name, personal chat, reachability) and, in every plan that names them, their object id
 * and their name (the plan's lead string stands instead). Their past updates stay in each
 * action's history.
 */
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse forget-person EMAIL';

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseFlags(args, {}, usage);
  if (positionals.length !== 1 || !positionals[0]!.includes('@')) throw new UsageError('Give the email address of the person to forget.', usage);
  const email = positionals[0]!.trim().toLowerCase();
  const store = await ctx.store();
  const memberships = await store.plans.membershipsOf(email);
  const aadObjectIds: string[] = [];
  const plans: string[] = [];
  for (const m of memberships) {
    const row = await store.plans.getPerson(m.planId, m.personId);
    if (!row) continue;
    if (row.value.aadObjectId) aadObjectIds.push(row.value.aadObjectId);
    await store.plans.modifyPerson(m.planId, m.personId, (p) => {
      const { aadObjectId: _aad, ...rest } = p;
      return { ...rest, name: p.leadStrings[0] ?? p.name };
    });
    plans.push(m.planId);
  }
  const hadIdentity = await store.identities.forget(email, aadObjectIds);
  if (!hadIdentity && plans.length === 0) {
    ctx.stderr(`Plan Pulse knows nothing of ${email}; nothing was changed.\n`);
    return EXIT.invalidInput;
  }
  ctx.stdout(
    `Forgot ${email}: ${hadIdentity ? 'their Teams identity, Entra object id and personal chat' : 'no Teams identity was stored'}${
      plans.length > 0 ? `; in ${plans.join(', ')} their Entra object id and name (their lead string stands instead)` : ''
    }.\n` +
      (plans.length > 0
        ? `Their past updates stay in each action's history. The plan${plans.length === 1 ? ' still names' : 's still name'} them by this address: remove them from people.csv and import again to take it out.\n`
        : ''),
  );
  return EXIT.ok;
}
