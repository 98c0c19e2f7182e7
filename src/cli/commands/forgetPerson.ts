/**
 * `planpulse forget-person EMAIL`: removes a leaver's contact data and identity. Their Teams
 * identity (Teams user id, Entra object id, personal chat, reachability) is erased; their
 * response links are revoked; in every plan that names them, their address is replaced by a
 * pseudonym (`forgotten-<random>@invalid`) in every row that holds it (people, leads,
 * delegates, chairs, histories, escalations, the outbox's records, links) and their name by
 * the plan's lead string, so their actions keep one (anonymous) lead and the plan keeps
 * working. Copies of what they were sent are dropped. Their past updates stay in each action's
 * history, attributed to the lead string.
 */
import { randomBytes } from 'node:crypto';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse forget-person EMAIL';

/** A pseudonym that identifies nobody; `.invalid` is reserved (RFC 2606), so no mail can go to it. */
export const newPseudonym = () => `forgotten-${randomBytes(8).toString('hex')}@invalid`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseFlags(args, {}, usage);
  if (positionals.length !== 1 || !positionals[0]!.includes('@')) throw new UsageError('Give the email address of the person to forget.', usage);
  const email = positionals[0]!.trim().toLowerCase();
  if (email.endsWith('@invalid')) throw new UsageError(`${email} is already a pseudonym.`, usage);
  const store = await ctx.store();
  const now = ctx.clock.now();
  const memberships = await store.plans.membershipsOf(email);
  const aadObjectIds: string[] = [];
  const names = new Map<string, string>();
  const plans: string[] = [];
  let revoked = 0;
  for (const m of memberships) {
    const row = await store.plans.getPerson(m.planId, m.personId);
    if (!row) continue;
    const person = row.value;
    if (person.aadObjectId) aadObjectIds.push(person.aadObjectId);
    const leadString = person.leadStrings[0];
    // Their name gives way to the plan's own word for the role, wherever a value is exactly it.
    if (leadString && person.name !== leadString && !person.leadStrings.includes(person.name)) names.set(`${m.planId}\u0000${person.name}`, leadString);
    revoked += await store.responseLinks.revokeForPerson(m.planId, person.id, now);
    plans.push(m.planId);
  }
  const hadIdentity = await store.identities.forget(email, aadObjectIds);
  if (!hadIdentity && plans.length === 0) {
    ctx.stderr(`Plan Pulse knows nothing of ${email}; nothing was changed.\n`);
    return EXIT.invalidInput;
  }
  const pseudonym = newPseudonym();
  const eraser = store.personEraser({ email, pseudonym, names, at: now });
  let rows = 0;
  for (const planId of plans) {
    rows += await eraser.erasePlan(planId);
    rows += await eraser.eraseLinks(planId);
  }
  const mails = await eraser.eraseCapturedMail();
  if (plans.length > 0) {
    // Nothing more goes to them: whatever is still queued for the pseudonym ends as unreachable.
    const reason = 'This person was forgotten (planpulse forget-person): give their actions a new lead in people.csv.';
    await store.identities.merge(pseudonym, { reachable: false, unreachableReason: reason, emailUnreachable: reason });
  }
  for (const planId of plans) await eraser.moveMembership(planId);

  ctx.stdout(
    `Forgot ${email}: ${hadIdentity ? 'their Teams identity, Entra object id and personal chat' : 'no Teams identity was stored'}` +
      (plans.length > 0
        ? `; in ${plans.join(', ')} their address is now ${pseudonym} (${rows} row${rows === 1 ? '' : 's'}) and their name the plan's lead string; ${revoked} response link${revoked === 1 ? '' : 's'} revoked`
        : '') +
      (mails > 0 ? `; ${mails} captured mail${mails === 1 ? '' : 's'} deleted` : '') +
      '.\n' +
      (plans.length > 0
        ? `Their past updates stay in each action's history, attributed to the lead string. Their actions keep an anonymous lead who receives nothing: give them a new lead in people.csv (without ${email}) and import again.\n`
        : ''),
  );
  return EXIT.ok;
}
