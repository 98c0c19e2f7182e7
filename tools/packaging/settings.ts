/**
 * Packaging settings: the environment variables `npm run package` reads to fill the app
 * manifest, checked so a wrong or missing value stops the build with a message naming it.
 */
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// One or more DNS labels: no scheme, port, path or trailing dot, because Teams compares validDomains to bare host names.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

const guid = (what: string) =>
  z.string({ required_error: `is missing: set it to ${what} (a GUID such as 00000000-0000-0000-0000-000000000000)` }).regex(GUID, `must be ${what}, a GUID such as 00000000-0000-0000-0000-000000000000`);

const httpsUrl = z
  .string()
  .regex(/^https:\/\/[^\s/]+/i, 'must be an https:// URL');

export const packageSettingsSchema = z.object({
  MicrosoftAppId: z.preprocess(blankToUndefined, guid('the bot’s Microsoft app id')),
  BOT_DOMAIN: z.preprocess(
    blankToUndefined,
    z
      .string({ required_error: 'is missing: set it to the bot’s host name, such as planpulse.azurewebsites.net' })
      .regex(HOST_NAME, 'must be a bare host name such as planpulse.azurewebsites.net, without https://, a port or a path'),
  ),
  TEAMS_APP_ID: z.preprocess(blankToUndefined, guid('the Teams app id').optional()),
  PRIVACY_URL: z.preprocess(blankToUndefined, httpsUrl.optional()),
  TERMS_URL: z.preprocess(blankToUndefined, httpsUrl.optional()),
  WEBSITE_URL: z.preprocess(blankToUndefined, httpsUrl.optional()),
  DEVELOPER_NAME: z.preprocess(
    blankToUndefined,
    z.string().max(32, 'must be at most 32 characters (the manifest’s limit)').default('Plan Pulse'),
  ),
});

/** The values that fill the manifest template's ${{NAME}} placeholders. */
export interface PackageSettings {
  MicrosoftAppId: string;
  BOT_DOMAIN: string;
  TEAMS_APP_ID: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
  WEBSITE_URL: string;
  DEVELOPER_NAME: string;
}

export class PackageConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package cannot be built: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageConfigError';
  }
}

/** Reads and checks the packaging variables; throws PackageConfigError naming every bad one. */
export function readPackageSettings(env: NodeJS.ProcessEnv = process.env): PackageSettings {
  const result = packageSettingsSchema.safeParse(env);
  if (!result.success) {
    throw new PackageConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = env[name];
        return `${name} ${issue.message}${value === undefined || value.trim() === '' ? '' : ` (got "${value}")`}.`;
      }),
    );
  }
  const s = result.data;
  const site = `https://${s.BOT_DOMAIN}`;
  return {
    MicrosoftAppId: s.MicrosoftAppId.toLowerCase(),
    BOT_DOMAIN: s.BOT_DOMAIN.toLowerCase(),
    // The Teams app id may differ from the bot id so one bot registration can serve several app packages.
    TEAMS_APP_ID: (s.TEAMS_APP_ID ?? s.MicrosoftAppId).toLowerCase(),
    PRIVACY_URL: s.PRIVACY_URL ?? `${site}/privacy`,
    TERMS_URL: s.TERMS_URL ?? `${site}/terms`,
    WEBSITE_URL: s.WEBSITE_URL ?? `${site}/`,
    DEVELOPER_NAME: s.DEVELOPER_NAME,
  };
}
