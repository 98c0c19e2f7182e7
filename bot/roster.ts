/**
 * Learning people from a team's roster: when Plan Pulse is added to a team, or a channel is
 * linked to a group, the team's members (TeamsInfo.getPagedMembers) who are people of a plan
 * get their Entra object id and Teams user id recorded, so they can be reached without Graph
 * and without having written to the bot first.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { BotDeps } from './handlers/context';
import { turnDeps } from './handlers/context';
import { forgetIdentity } from '../src/storage/cachedReads';

const PAGE_SIZE = 500;

/** Records what the roster says of each plan person in it; returns how many were learnt. */
export async function learnRoster(ctx: TurnContext, deps: BotDeps): Promise<number> {
  const { store, cache } = deps;
  const logger = turnDeps(ctx, deps).logger;
  let learnt = 0;
  let continuationToken: string | undefined;
  try {
    do {
      const page = await TeamsInfo.getPagedMembers(ctx, PAGE_SIZE, continuationToken);
      continuationToken = page.continuationToken || undefined;
      for (const member of page.members) {
        const email = (member.email ?? member.userPrincipalName ?? '').toLowerCase();
        if (!email || !member.aadObjectId) continue;
        if ((await store.plans.membershipsOf(email)).length === 0) continue;
        const known = await store.identities.get(email);
        if (known?.aadObjectId === member.aadObjectId && known.teamsUserId === member.id) continue;
        await store.identities.merge(email, { aadObjectId: member.aadObjectId, teamsUserId: member.id, ...(known?.name ? {} : { name: member.name }) });
        forgetIdentity({ cache }, email, member.aadObjectId);
        learnt++;
      }
    } while (continuationToken);
  } catch (err) {
    // A roster that cannot be read leaves people to be reached another way; the link itself stands.
    logger.warn({ err: err instanceof Error ? err.message : String(err), learnt }, 'team roster not read');
  }
  return learnt;
}
