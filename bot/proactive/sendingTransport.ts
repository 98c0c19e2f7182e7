/**
 * The transport for processes that only send (`planpulse tick`, `planpulse reach`):
 * botbuilder's CloudAdapter with the bot's credentials and reused connector clients, without
 * the teams-ai application the server needs, so a tick does not pay for loading it.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../../src/config/config';
import type { Transport } from '../../src/outbox/transport';
import { ReusedClientsAuthentication } from '../reusedClients';
import { createBotTransport } from './botTransport';

type SendingConfig = Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId' | 'MicrosoftAppType'>;

export function createSendingTransport(config: SendingConfig): Transport {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: config.MicrosoftAppId ? config.MicrosoftAppType : 'MultiTenant',
  });
  return createBotTransport(new CloudAdapter(new ReusedClientsAuthentication(auth)), config.MicrosoftAppId ?? '');
}
