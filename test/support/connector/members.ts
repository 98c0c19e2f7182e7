/**
 * The people and teams the stand-in knows, answered in the shapes Teams' member and team APIs use.
 * A member registered under '*' belongs to every conversation.
 */

export interface MemberInput {
  /** The Teams user id, '29:...'. */
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  givenName?: string;
  surname?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

/** What Teams answers for a member; it names the AAD id `objectId`, botbuilder reads `aadObjectId`. */
export interface TeamsChannelAccountJson {
  id: string;
  name: string;
  objectId: string;
  aadObjectId: string;
  givenName?: string;
  surname?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole: string;
}

export interface TeamInput {
  /** The team's thread id, '19:...@thread.tacv2'. */
  id: string;
  name?: string;
  aadGroupId?: string;
  channels?: { id: string; name?: string }[];
}

export const ALL_CONVERSATIONS = '*';

export function toTeamsChannelAccount(member: MemberInput): TeamsChannelAccountJson {
  // Teams gives a member's given name only when the directory holds one (a role account often
  // has none); the stand-in never makes one up from the display name.
  const [, ...rest] = member.name.split(' ');
  return {
    id: member.id,
    name: member.name,
    objectId: member.aadObjectId,
    aadObjectId: member.aadObjectId,
    givenName: member.givenName,
    surname: member.surname ?? (rest.join(' ') || undefined),
    email: member.email,
    userPrincipalName: member.userPrincipalName ?? member.email,
    tenantId: member.tenantId,
    userRole: member.userRole ?? 'user',
  };
}

export class MemberRegistry {
  private readonly byScope = new Map<string, Map<string, MemberInput>>();
  private readonly teams = new Map<string, TeamInput>();

  add(scope: string, member: MemberInput): void {
    let members = this.byScope.get(scope);
    if (!members) {
      members = new Map();
      this.byScope.set(scope, members);
    }
    members.set(member.id, member);
  }

  remove(scope: string, memberId: string): boolean {
    return this.byScope.get(scope)?.delete(memberId) ?? false;
  }

  /** Members of a conversation: its own, then everyone registered for all conversations. */
  list(conversationId: string): MemberInput[] {
    const seen = new Map<string, MemberInput>();
    for (const scope of [conversationId, ALL_CONVERSATIONS]) {
      for (const member of this.byScope.get(scope)?.values() ?? []) {
        if (!seen.has(member.id)) seen.set(member.id, member);
      }
    }
    return [...seen.values()];
  }

  /** Teams finds a member by Teams id, AAD object id or UPN. */
  find(conversationId: string, memberId: string): MemberInput | undefined {
    const wanted = memberId.toLowerCase();
    return this.list(conversationId).find(
      (m) => m.id === memberId || m.aadObjectId.toLowerCase() === wanted || m.userPrincipalName?.toLowerCase() === wanted,
    );
  }

  /** A user of the tenant, whatever conversation they were registered for (Teams knows them all). */
  findInTenant(memberId: string): MemberInput | undefined {
    for (const scope of this.byScope.keys()) {
      const found = this.find(scope, memberId);
      if (found) return found;
    }
    return undefined;
  }

  addTeam(team: TeamInput): void {
    this.teams.set(team.id, team);
  }

  team(teamId: string): TeamInput | undefined {
    return this.teams.get(teamId);
  }

  clear(): void {
    this.byScope.clear();
    this.teams.clear();
  }
}
