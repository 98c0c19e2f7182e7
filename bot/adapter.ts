/**
 * The Teams adapter. With MicrosoftAppId set every incoming request is authenticated the
 * Bot Framework way; with none, auth is off (the server then binds to loopback only).
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../src/config/config';

export function createAdapter(config: Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId' | 'MicrosoftAppType'>): TeamsAdapter {
  return new TeamsAdapter({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: config.MicrosoftAppId ? config.MicrosoftAppType : 'MultiTenant',
  });
}
