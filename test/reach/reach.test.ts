import * as reachCommand from '../../src/cli/commands/reach';
import { graphAccessFromConfig } from '../../src/reach/fromConfig';
import { PLAN_ID } from '../support/botHarness';
import { OUTSIDE, reachLines, startTenant, type Tenant } from './support';

describe('planpulse reach', () => {
  let tenant: Tenant;
  beforeEach(async () => {
    tenant = await startTenant();
  });
  afterEach(async () => {
    await tenant.close();
  });

  it('makes every lead of a freshly imported plan with no ids reachable in Teams', async () => {
    const { ctx, out, err } = tenant.cli();
    expect(await reachCommand.run(['--plan', PLAN_ID], ctx, tenant.transport)).toBe(0);
    expect(err()).toBe('');
    const lines = reachLines(out());
    const people = await tenant.bot.store.plans.listPeople(PLAN_ID);
    expect(lines.size).toBe(people.length);
    for (const person of people) {
      if (OUTSIDE.includes(person.email)) continue;
      expect(lines.get(person.email)).toEqual(['teams', '(app installed)']);
      const user = tenant.graph.user(person.email)!;
      expect(tenant.graph.isInstalled(user.id)).toBe(true);
      const identity = await tenant.bot.store.identities.get(person.email);
      expect(identity).toMatchObject({ aadObjectId: user.id, reachable: true });
      expect(identity?.conversation?.conversation.id).toBe(tenant.bot.connector.personalConversationIdOf(ctx.config.MicrosoftAppTenantId!, user.teamsUserId));
    }
    expect(out()).toContain(`${people.length} people: ${people.length - OUTSIDE.length} in Teams (${people.length - OUTSIDE.length} newly installed), ${OUTSIDE.length} by email, 0 unreachable.`);
  });

  it('reaches a person outside the council’s directory by email, saying why', async () => {
    const { ctx, out } = tenant.cli();
    await reachCommand.run([], ctx, tenant.transport);
    expect(reachLines(out()).get('hp@plymouth.example')).toEqual(['email', 'not in Teams: not found in the council’s Microsoft 365 directory']);
    expect(await tenant.bot.store.identities.get('hp@plymouth.example')).toMatchObject({ reachable: false, unreachableCause: 'notInDirectory' });
  });

  it('lets Teams tell the bot of each installation, which greets the person in their new chat', async () => {
    const { ctx } = tenant.cli();
    await reachCommand.run([], ctx, tenant.transport);
    await tenant.graph.settled();
    const user = tenant.bot.user('dh@plymouth.example');
    const graphUser = tenant.graph.user('dh@plymouth.example')!;
    const chat = tenant.bot.connector.personalConversationIdOf(user.tenantId, graphUser.teamsUserId);
    const cards = tenant.bot.connector.cardsTo(chat);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0])).toContain('Plan Pulse');
    const identity = await tenant.bot.store.identities.get('dh@plymouth.example');
    expect(identity?.teamsUserId).toBe(graphUser.teamsUserId);
  });

  it('costs nothing the second time: people already reachable are not looked up again', async () => {
    await reachCommand.run([], tenant.cli().ctx, tenant.transport);
    const graphCalls = () => tenant.graph.requests.filter((r) => r.path.startsWith('/v1.0/'));
    const before = graphCalls().length;
    const again = tenant.cli();
    await reachCommand.run([], again.ctx, tenant.transport);
    // Only the person outside the directory is looked for again (by mail, then by sign-in name).
    expect(graphCalls().slice(before).map((r) => r.path)).toEqual(['/v1.0/users', '/v1.0/users/hp%40plymouth.example']);
    expect(reachLines(again.out()).get('dh@plymouth.example')).toEqual(['teams']);
  });

  it('waits out Graph’s throttling (429 with Retry-After) and still reaches everyone', async () => {
    tenant.graph.failNext(2, { status: 429, retryAfterSeconds: 1 }, { pathIncludes: 'installedApps' });
    tenant.graph.failNext(1, { status: 503 }, { pathIncludes: '/users' });
    const { ctx, out } = tenant.cli();
    await reachCommand.run([], ctx, tenant.transport);
    const lines = [...reachLines(out()).values()];
    expect(lines.filter((l) => l[0] === 'teams')).toHaveLength(lines.length - OUTSIDE.length);
    expect(tenant.graph.stats().byStatus[429]).toBe(2);
  });

  it('says a person outside the directory cannot be reached at all when no email is set up, and what to do', async () => {
    const { ctx, out } = tenant.cli();
    // A configured store with no SMTP relay: no email delivery.
    ctx.config = { ...ctx.config, STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
    await reachCommand.run([], ctx, tenant.transport);
    expect(reachLines(out()).get('hp@plymouth.example')).toEqual([
      'unreachable',
      'not found in the council’s Microsoft 365 directory: reach them by email, or correct their address in people.csv (hp@plymouth.example)',
    ]);
  });

  it('marks a person who blocked the bot unreachable, with the reason', async () => {
    const graphUser = tenant.graph.user('dh@plymouth.example')!;
    tenant.graph.preinstall(graphUser.id);
    const { ctx, out } = tenant.cli();
    tenant.bot.connector.blockConversation(tenant.bot.connector.personalConversationIdOf(ctx.config.MicrosoftAppTenantId!, graphUser.teamsUserId), 'ConversationBlockedByUser');
    await reachCommand.run([], ctx, tenant.transport);
    expect(reachLines(out()).get('dh@plymouth.example')).toEqual(['email', 'not in Teams: has blocked Plan Pulse in Teams']);
    expect(await tenant.bot.store.identities.get('dh@plymouth.example')).toMatchObject({ reachable: false, unreachableCause: 'blockedByUser' });
  });

  it('says once that the bot’s credentials were refused, rather than blaming permissions, when the secret is wrong', async () => {
    const { ctx, err } = tenant.cli();
    ctx.config = { ...ctx.config, MicrosoftAppPassword: 'an-expired-secret' };
    expect(await reachCommand.run([], ctx, tenant.transport)).toBe(0);
    const notices = err().trim().split('\n');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(notices[0]).toContain('check MicrosoftAppId, MicrosoftAppPassword (not expired) and MicrosoftAppTenantId');
    expect(notices[0]).not.toContain('an-expired-secret');
  });

  it('says once, in words an administrator can act on, when Graph permissions were not granted, and changes nothing else', async () => {
    tenant.graph.grant([]);
    // One lead already has the app (pre-installed by an app setup policy) and is still reached.
    const graphUser = tenant.graph.user('tl@plymouth.example')!;
    tenant.graph.preinstall(graphUser.id);
    await tenant.bot.store.identities.merge('tl@plymouth.example', { aadObjectId: graphUser.id });
    const { ctx, out, err } = tenant.cli();
    expect(await reachCommand.run([], ctx, tenant.transport)).toBe(0);
    const notices = err().trim().split('\n');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('grant TeamsAppInstallation.ReadWriteSelfForUser.All and consent');
    const lines = reachLines(out());
    expect(lines.get('tl@plymouth.example')).toEqual(['teams', '(chat opened)']);
    expect(lines.get('dh@plymouth.example')?.[0]).toBe('email');
    // Nobody is recorded as unreachable for the administrator's missing consent.
    expect((await tenant.bot.store.identities.get('dh@plymouth.example'))?.reachable).not.toBe(false);
  });
});

describe('looking people up in Microsoft Graph', () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await startTenant({ givenNames: { 'dh@plymouth.example': 'Dan' } });
  });
  afterAll(async () => tenant.close());

  const client = () => {
    const access = graphAccessFromConfig(tenant.config);
    if (!('client' in access)) throw new Error(`Graph is not configured: ${access.missing}`);
    return access.client;
  };

  it('reads a person’s given name with the lookup that finds them, and only the properties it asks for', async () => {
    const [byMail] = await client().usersByMail(['dh@plymouth.example']);
    expect(byMail).toEqual({ id: tenant.graph.user('dh@plymouth.example')!.id, userPrincipalName: 'dh@plymouth.example', mail: 'dh@plymouth.example', displayName: expect.any(String), givenName: 'Dan' });
    const bySignIn = await client().user('tl@plymouth.example');
    expect(bySignIn).toMatchObject({ userPrincipalName: 'tl@plymouth.example', givenName: null });
    expect(bySignIn).not.toHaveProperty('jobTitle');
  });

  it('is refused, as Graph refuses, a property the user resource does not have', async () => {
    await expect(client().request('GET', '/users/dh%40plymouth.example?$select=id,nickname')).rejects.toMatchObject({ status: 400, code: 'Request_BadRequest' });
  });
});
