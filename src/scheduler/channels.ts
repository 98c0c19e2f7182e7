/**
 * How each recipient of a step is reached: Teams where they can be reached there, else email
 * (people.csv's `channel` decides when set), and what their message greets them by. Read once
 * per step for its recipients; with no email delivery configured everyone stays on Teams.
 */
import type { Person } from '../domain/model';
import type { PlanTickContext } from './context';
import type { Delivery } from './messages';

/** The decision for one person, from the plan's row and what is known of them in Teams. */
export function deliveryFor(
  person: Person | undefined,
  identity: { reachable: boolean; conversation?: unknown; aadObjectId?: string; emailUnreachable?: string } | undefined,
  mailEnabled: boolean,
): Delivery {
  if (!mailEnabled || !person?.email) return { channel: 'teams' };
  if (person.channel === 'teams') return { channel: 'teams' };
  const email: Delivery = { channel: 'email', address: person.email };
  if (person.channel === 'email') return email;
  // A bounced address is no better than Teams' deferral: stay on Teams.
  if (identity?.emailUnreachable) return { channel: 'teams' };
  if (identity && identity.reachable === false) return email;
  if (identity?.conversation || identity?.aadObjectId || person.aadObjectId) return { channel: 'teams' };
  return email;
}

/** How a recipient is reached, and the given name their message greets them by. */
export interface Recipient {
  delivery: Delivery;
  givenName?: string;
}

/**
 * Each recipient's delivery and given name, from one read of their identity: the given name
 * Teams supplied when they last talked to the bot, or Graph's when reaching them resolved them.
 */
export async function recipientsFor(ctx: PlanTickContext, recipientIds: readonly string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  const ids = [...new Set(recipientIds)];
  const people = await ctx.people();
  const addressOf = (id: string) => (people.get(id)?.email || id).toLowerCase();
  const identities = await ctx.store.identities.getMany(ids.map(addressOf));
  for (const id of ids) {
    const identity = identities.get(addressOf(id));
    out.set(id, { delivery: deliveryFor(people.get(id), identity, !!ctx.mailEnabled), ...(identity?.givenName ? { givenName: identity.givenName } : {}) });
  }
  return out;
}
