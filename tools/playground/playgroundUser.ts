/**
 * Who the Agents Playground says the user is. The Playground reads a config file (YAML; JSON is
 * valid YAML) for its mock tenant: the current user's id, name, aadObjectId, email and UPN, plus at
 * least five other users. It answers the Bot Connector member API
 * (GET /v3/conversations/{id}/members/{id}) from the same list, which is how Plan Pulse learns the
 * user's email, so making the current user one of the demo plan's leads lets a person click through
 * the whole flow as that lead.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PlaygroundUser {
  id: string;
  name: string;
  email: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
}

/**
 * DCS PCC (DH) leads more than fifteen actions in the Plymouth plan: enough to page, update and
 * see history. The plan names the role; the account holding it has a person's given name, which
 * is what Teams supplies and what the cards greet.
 */
export const DEMO_LEAD: PlaygroundUser = {
  id: 'playground-user-dh',
  name: 'DCS PCC (DH)',
  email: 'dh@plymouth.example',
  aadObjectId: '5e1c0a41-0000-4000-8000-0000000000d1',
  givenName: 'Dana',
  surname: 'Hughes',
};

// The Playground's schema requires at least five other users; these are the plan's other leads.
const OTHER_LEADS: readonly [string, string][] = [
  ['tl', 'CEX PCC (TL)'],
  ['hp', "Head of Women and Children's Commissioning – Devon ICB (HP)"],
  ['mm', 'PBWG as leads for schools and colleges (MM)'],
  ['ap', 'Head of SEND (AP)'],
  ['tc', 'LSW Assistant Director CYPFS (TC)'],
];

export const PLAYGROUND_TENANT_ID = '5e1c0a41-0000-4000-8000-000000000001';
export const PLAYGROUND_BOT_ID = '5e1c0a41-0000-4000-8000-000000000011';

export interface PlaygroundConfigOptions {
  currentUser?: PlaygroundUser;
  /** The personal chat's conversation id; the Playground makes one up when absent. */
  personalChatId?: string;
}

function userEntry(u: PlaygroundUser) {
  return {
    id: u.id,
    name: u.name,
    userPrincipleName: u.email,
    aadObjectId: u.aadObjectId,
    givenName: u.givenName,
    surname: u.surname,
    email: u.email,
  };
}

/** The Playground's config file content (schema version 0.1.1, with its own "userPrincipleName" spelling). */
export function playgroundConfig(options: PlaygroundConfigOptions = {}): Record<string, unknown> {
  const current = options.currentUser ?? DEMO_LEAD;
  const others: PlaygroundUser[] = OTHER_LEADS.map(([initials, name], i) => ({
    id: `playground-user-${initials}`,
    name,
    email: `${initials}@plymouth.example`,
    aadObjectId: `5e1c0a41-0000-4000-8000-00000000010${i}`,
    givenName: name,
    surname: `(${initials.toUpperCase()})`,
  })).filter((u) => u.email !== current.email);
  return {
    version: '0.1.1',
    tenantId: PLAYGROUND_TENANT_ID,
    bot: { id: PLAYGROUND_BOT_ID, name: 'Plan Pulse' },
    currentUser: userEntry(current),
    users: others.map(userEntry),
    personalChat: { id: options.personalChatId ?? 'planpulse-playground-personal-chat' },
    groupChat: { id: 'planpulse-playground-group-chat', name: 'SEND partnership leads' },
    team: {
      id: 'planpulse-playground-team',
      name: 'SEND Improvement Board',
      aadGroupId: '5e1c0a41-0000-4000-8000-000000000031',
      channels: [{ id: 'planpulse-playground-channel-board', name: 'Board' }],
    },
  };
}

/** Writes the config file into `dir` and returns its path. */
export function writePlaygroundConfig(dir: string, options: PlaygroundConfigOptions = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '.m365agentsplayground.yml');
  fs.writeFileSync(file, `${JSON.stringify(playgroundConfig(options), null, 2)}\n`);
  return file;
}
