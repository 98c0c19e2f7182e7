/**
 * Configuration: the one zod schema for every environment variable Plan Pulse reads,
 * parsed once at start-up. A wrong value stops the program with a message naming the
 * variable and what it accepts.
 */
import { z } from 'zod';
import { DEFAULT_SEND_HOURS, parseSendHours, type SendHours } from '../calendar/sendWindow';

/** PLAN_TIMEZONE when it is not set: English local areas' plans run on UK time. */
export const DEFAULT_PLAN_TIMEZONE = 'Europe/London';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z.object({
  STORAGE_CONNECTION_STRING: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((s) => /AccountName=|TableEndpoint=|UseDevelopmentStorage=true/i.test(s), {
        message: 'must be an Azure Storage connection string (with AccountName= or TableEndpoint=)',
      })
      .optional(),
  ),
  STORAGE_TABLE_ENDPOINT: z.preprocess(
    blankToUndefined,
    z.string().url('must be a table endpoint URL such as https://ACCOUNT.table.core.windows.net').optional(),
  ),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number from 0 to 65535' })
      .int('must be a whole number from 0 to 65535')
      .min(0, 'must be a whole number from 0 to 65535')
      .max(65535, 'must be a whole number from 0 to 65535')
      .default(3978),
  ),
  MicrosoftAppId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID (the bot’s app id)')
      .optional(),
  ),
  MicrosoftAppPassword: z.preprocess(blankToUndefined, z.string().optional()),
  MicrosoftAppTenantId: z.preprocess(blankToUndefined, z.string().optional()),
  MicrosoftAppType: z.preprocess(
    blankToUndefined,
    z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
        errorMap: () => ({ message: 'must be one of MultiTenant, SingleTenant, UserAssignedMSI' }),
      })
      .default('MultiTenant'),
  ),
  PLAN_TIMEZONE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/London' })
      .default(DEFAULT_PLAN_TIMEZONE),
  ),
  PLANPULSE_SEND_RATE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number of messages per second from 1 to 50' })
      .int('must be a whole number of messages per second from 1 to 50')
      .min(1, 'must be a whole number of messages per second from 1 to 50')
      .max(50, 'must be a whole number of messages per second from 1 to 50 (Teams allows 50 per app per tenant)')
      .default(25),
  ),
  PLANPULSE_SEND_HOURS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(DEFAULT_SEND_HOURS)
      .transform((text, zctx): SendHours => {
        const hours = parseSendHours(text);
        if (!hours) {
          zctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a window such as 09:00-17:30 (24-hour clock, opening before it closes)' });
          return z.NEVER;
        }
        return hours;
      }),
  ),
  PLANPULSE_SCHEDULER: z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.toLowerCase()) : v),
    z.enum(['on', 'off'], { errorMap: () => ({ message: 'must be on or off' }) }).default('on'),
  ),
  PLANPULSE_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.data')),
  PLANPULSE_TABLE_PREFIX: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,20}$/, 'must start with a letter and hold at most 21 letters and digits')
      .default('pp'),
  ),
  PLANPULSE_CACHE_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number of seconds from 0 to 3600' })
      .int('must be a whole number of seconds from 0 to 3600')
      .min(0, 'must be a whole number of seconds from 0 to 3600')
      .max(3600, 'must be a whole number of seconds from 0 to 3600')
      .default(30),
  ),
  PLANPULSE_OUTBOX_RETENTION_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number of days from 1 to 3650' })
      .int('must be a whole number of days from 1 to 3650')
      .min(1, 'must be a whole number of days from 1 to 3650')
      .max(3650, 'must be a whole number of days from 1 to 3650')
      .default(90),
  ),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  BOT_DOMAIN: z.preprocess(blankToUndefined, z.string().optional()),
  GRAPH_URL: z.preprocess(
    blankToUndefined,
    z.string().url('must be the Microsoft Graph base URL, such as https://graph.microsoft.com/v1.0').default('https://graph.microsoft.com/v1.0'),
  ),
  /** Where client-credentials tokens for Graph come from (a national cloud has its own). */
  GRAPH_AUTHORITY_HOST: z.preprocess(
    blankToUndefined,
    z.string().url('must be the identity platform URL, such as https://login.microsoftonline.com').default('https://login.microsoftonline.com'),
  ),
  PLANPULSE_GRAPH_RATE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number of Graph requests per second from 1 to 100' })
      .int('must be a whole number of Graph requests per second from 1 to 100')
      .min(1, 'must be a whole number of Graph requests per second from 1 to 100')
      .max(100, 'must be a whole number of Graph requests per second from 1 to 100')
      .default(20),
  ),
  TEAMS_APP_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID (the Teams app manifest id)')
      .optional(),
  ),
  /** The Bot Connector service URL for chats no activity has named one for yet (public cloud by default). */
  BOT_SERVICE_URL: z.preprocess(
    blankToUndefined,
    z.string().url('must be a Bot Connector service URL such as https://smba.trafficmanager.net/teams/').default('https://smba.trafficmanager.net/teams/'),
  ),
  SMTP_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/i, 'must be an smtp:// or smtps:// URL such as smtp://user:password@smtp.example.org:587')
      .optional(),
  ),
  MAIL_FROM: z.preprocess(blankToUndefined, z.string().default('Plan Pulse <planpulse@localhost>')),
  PLANPULSE_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/i, 'must be an http:// or https:// URL such as https://planpulse.example.gov.uk')
      .optional(),
  ),
  PLANPULSE_LINK_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters (for example the output of openssl rand -base64 48)').optional()),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Plan Pulse cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = env[name];
      const secret = ['MicrosoftAppPassword', 'STORAGE_CONNECTION_STRING', 'SMTP_URL', 'PLANPULSE_LINK_SECRET'].includes(name);
      const shown = secret ? '' : ` (got "${value}")`;
      return `${name} ${issue.message}${shown}.`;
    });
    throw new ConfigError(problems);
  }
  if (result.data.MicrosoftAppId && !result.data.MicrosoftAppPassword && result.data.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError(['MicrosoftAppPassword must be set when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI).']);
  }
  const configuredStore = result.data.STORAGE_CONNECTION_STRING || result.data.STORAGE_TABLE_ENDPOINT;
  if (configuredStore && result.data.SMTP_URL && !result.data.PLANPULSE_LINK_SECRET) {
    throw new ConfigError(['PLANPULSE_LINK_SECRET must be set when SMTP_URL is set with a configured store: it signs the links emails carry (at least 32 characters, the same on every instance).']);
  }
  return result.data;
}

/** For entry points: the configuration, or its problems on standard error and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
