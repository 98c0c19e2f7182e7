/**
 * How a person can be reached, as a typed value: in Teams (their personal chat with the bot),
 * by email, or not at all for a known cause. The words for each cause, and what an
 * administrator can do about it, are written here once for the CLI, the digest and the logs.
 */

export const UNREACHABLE_CAUSES = [
  /** Graph has no such user in the council's directory (404): outside the tenant. */
  'notInDirectory',
  /** The person blocked the bot (403 ConversationBlockedByUser). */
  'blockedByUser',
  /** The tenant's administrator blocked or disabled the app (403 BotDisabledByAdmin, or Graph refused the install). */
  'appBlocked',
  /** The app is not installed for the person and cannot be installed without Graph permissions. */
  'notInstalled',
  /** The person removed the app (installationUpdate remove, or BotNotInConversationRoster). */
  'appRemoved',
  /** Graph refused with 403: the permissions were not granted or not consented. */
  'graphNotPermitted',
  /** The identity platform refused the bot's credentials, so Graph could not be asked at all. */
  'credentialsRefused',
  /** The app is not in the tenant's app catalog (upload it in the Teams admin center). */
  'appNotInCatalog',
  /** Graph or the Bot Connector did not answer in time; the next run tries again. */
  'serviceUnavailable',
  /** No email and no Entra object id to find the person by. */
  'noAddress',
] as const;
export type UnreachableCause = (typeof UNREACHABLE_CAUSES)[number];

export type Reachability =
  | { channel: 'teams'; how: 'known' | 'created' | 'installed' }
  | { channel: 'email'; reason: 'asked' | 'notInTeams'; cause?: UnreachableCause }
  | { channel: 'unreachable'; cause: UnreachableCause; detail?: string };

/** Causes that are the person's or the tenant's standing answer, recorded so sends stop until it changes. */
export const LASTING_CAUSES: ReadonlySet<UnreachableCause> = new Set(['notInDirectory', 'blockedByUser', 'appBlocked', 'appRemoved']);

const WHY: Record<UnreachableCause, string> = {
  notInDirectory: 'not found in the council’s Microsoft 365 directory',
  blockedByUser: 'has blocked Plan Pulse in Teams',
  appBlocked: 'the Teams administrator has blocked the Plan Pulse app for them',
  notInstalled: 'has not installed Plan Pulse and it could not be installed for them',
  appRemoved: 'removed the Plan Pulse app',
  graphNotPermitted: 'Plan Pulse may not install the app (Microsoft Graph permissions not granted)',
  appNotInCatalog: 'the Plan Pulse app is not in the organisation’s Teams app catalogue',
  credentialsRefused: 'Microsoft Entra ID refused the bot’s credentials, so Microsoft Graph could not be used',
  serviceUnavailable: 'Microsoft Teams did not answer; tried again before the next cycle',
  noAddress: 'has no email address or Entra object id in the plan',
};

const TO_DO: Record<UnreachableCause, string> = {
  notInDirectory: 'reach them by email, or correct their address in people.csv',
  blockedByUser: 'ask them to unblock Plan Pulse in Teams, or reach them by email',
  appBlocked: 'allow Plan Pulse in the Teams admin center (app permission policy)',
  notInstalled: 'ask them to open Plan Pulse once, or pre-install it with an app setup policy',
  appRemoved: 'ask them to add Plan Pulse again in Teams, or reach them by email',
  graphNotPermitted: 'grant TeamsAppInstallation.ReadWriteSelfForUser.All and consent (see docs/deployment.md)',
  appNotInCatalog: 'upload the Plan Pulse app package in the Teams admin center',
  credentialsRefused: 'check MicrosoftAppId, MicrosoftAppPassword (not expired) and MicrosoftAppTenantId',
  serviceUnavailable: 'nothing: it is tried again automatically',
  noAddress: 'add their email address to people.csv',
};

export const whyUnreachable = (cause: UnreachableCause): string => WHY[cause];
export const whatToDo = (cause: UnreachableCause): string => TO_DO[cause];

/** One line of `planpulse reach` for a person. */
export function reachLine(who: string, r: Reachability): string {
  switch (r.channel) {
    case 'teams':
      return `${who}\tteams${r.how === 'installed' ? '\t(app installed)' : r.how === 'created' ? '\t(chat opened)' : ''}`;
    case 'email':
      return `${who}\temail\t${r.reason === 'asked' ? 'people.csv asks for email' : `not in Teams: ${whyUnreachable(r.cause ?? 'notInDirectory')}`}`;
    case 'unreachable':
      return `${who}\tunreachable\t${whyUnreachable(r.cause)}: ${whatToDo(r.cause)}${r.detail ? ` (${r.detail})` : ''}`;
  }
}

/** The cause a Bot Connector refusal stands for, when it means the person cannot be reached. */
export function causeOfConnectorCode(code: string | undefined): UnreachableCause | undefined {
  switch (code) {
    case 'ConversationBlockedByUser':
      return 'blockedByUser';
    case 'BotDisabledByAdmin':
      return 'appBlocked';
    case 'BotNotInConversationRoster':
      return 'appRemoved';
    default:
      return undefined;
  }
}
