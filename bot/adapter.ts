/**
 * The Teams adapter. With MicrosoftAppId set every incoming request is authenticated the
 * Bot Framework way; with none, auth is off (the server then binds to loopback only).
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, Request, Response, TurnContext } from 'botbuilder';
// The check CloudAdapter.process() applies to a request's body (dates from strings); not re-exported.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
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

  /**
   * CloudAdapter.process() for an already parsed JSON body, except that a refused token is
   * the caller's mistake, not the bot's: process() prints each one with console.error as a
   * multi-line stack, so anyone could fill the log; here it is one line through `onRefused`.
   */
  async serve(req: Request, res: Response, logic: (ctx: TurnContext) => Promise<void>, onRefused: (reason: string) => void): Promise<void> {
    const activity = validateAndFixActivity(req.body as unknown as Activity);
    const authHeader = String(req.headers?.authorization ?? req.headers?.Authorization ?? '');
    let status: number;
    let body: unknown;
    try {
      const invoke = await this.processActivity(authHeader, activity, logic);
      status = invoke?.status ?? 200;
      body = invoke?.body;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 401) throw err;
      onRefused(err instanceof Error ? err.message : String(err));
      status = 401;
      body = { error: 'The request is not authorised: it needs a valid Bot Framework token.' };
    }
    res.status(status);
    if (body !== undefined) res.send(body);
    res.end();
  }
}

export function createAdapter(config: AdapterConfig): PlanPulseAdapter {
  return new PlanPulseAdapter(config);
}
