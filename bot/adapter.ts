/**
 * The Teams adapter. With MicrosoftAppId set every incoming request is authenticated the
 * Bot Framework way; with none, auth is off (the server then binds to loopback only).
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../src/config/config';
import { ReusedClientsAuthentication } from './reusedClients';

type AdapterConfig = Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId' | 'MicrosoftAppType'>;

/** The teams-ai adapter, with its Bot Connector clients reused across turns (see reusedClients.ts). */
export class PlanPulseAdapter extends TeamsAdapter {
  readonly reusedClients: ReusedClientsAuthentication;

  constructor(config: AdapterConfig) {
    super({
      MicrosoftAppId: config.MicrosoftAppId ?? '',
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
      MicrosoftAppType: config.MicrosoftAppId ? config.MicrosoftAppType : 'MultiTenant',
    });
    this.reusedClients = new ReusedClientsAuthentication(this.botFrameworkAuthentication);
    // TeamsAdapter builds its authentication itself and CloudAdapter keeps it read-only;
    // every turn and proactive send reads it from this one property.
    Object.defineProperty(this, 'botFrameworkAuthentication', { value: this.reusedClients, writable: false });
  }
}

export function createAdapter(config: AdapterConfig): PlanPulseAdapter {
  return new PlanPulseAdapter(config);
}
