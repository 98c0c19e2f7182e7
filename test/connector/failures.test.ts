/**
 * Teams' failure answers from the stand-in, and what the bot's botbuilder client makes of them
 * after its own retries (recorded in the header of test/support/connector.ts).
 */
import { TeamsInfo } from 'botbuilder';
import { startConnector, type Connector, type RosterCode } from '../support/connector';
import { cardActivity, inTurn, makeAdapter, personalReference } from './proactive';

const LEAD = 'a:1lead-chat';
const OTHER = 'a:1other-chat';

let connector: Connector;
const adapter = makeAdapter();
const send = (conversationId: string, text = 'Your actions are due') =>
  inTurn(adapter, personalReference(connector.serviceUrl, conversationId), (ctx) => ctx.sendActivity(text));

beforeAll(async () => {
  connector = await startConnector();
});
afterAll(async () => {
  await connector.close();
});
beforeEach(() => connector.reset());

describe('throttling', () => {
  it('answers 429 with Retry-After, which botbuilder honours three times before giving up with a 429 RestError', async () => {
    connector.failNext(4, { status: 429, retryAfterSeconds: 1 });

    const outcome = await send(LEAD);

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatchObject({ name: 'RestError', statusCode: 429, code: 'Throttled' });
    const attempts = connector.sent.map((r) => r.receivedAt.getTime());
    expect(connector.sent.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    for (let i = 1; i < attempts.length; i++) expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(950);
    expect(connector.activitiesTo(LEAD)).toHaveLength(0);
  });

  it('delivers exactly once when botbuilder retries a single 429', async () => {
    connector.failNext(1, { status: 429, retryAfterSeconds: 0 });

    const outcome = await send(LEAD);

    expect(outcome.ok).toBe(true);
    expect(connector.sent.map((r) => r.status)).toEqual([429, 201]);
    expect(connector.stats()).toMatchObject({ accepted: 1, rejected: 1, rejectedByStatus: { 429: 1 }, duplicates: 0 });
  });

  it('sends the Retry-After header on the raw answer, and leaves it out when told to', async () => {
    connector.failNext(1, { status: 429, retryAfterSeconds: 7 });
    connector.failNext(1, { status: 429, retryAfterSeconds: null });
    const post = () =>
      fetch(`${connector.serviceUrl}v3/conversations/${encodeURIComponent(LEAD)}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'raw' }),
      });

    const withHeader = await post();
    const without = await post();

    expect(withHeader.headers.get('retry-after')).toBe('7');
    expect(await withHeader.json()).toEqual({ error: { code: 'Throttled', message: expect.stringContaining('Retry-After') } });
    expect(without.status).toBe(429);
    expect(without.headers.get('retry-after')).toBeNull();
  });

  it('makes botbuilder give up at once on a 429 without Retry-After', async () => {
    connector.failNext(1, { status: 429, retryAfterSeconds: null });

    const outcome = await send(LEAD);

    expect(outcome.ok).toBe(false);
    expect(connector.sent.map((r) => r.status)).toEqual([429]);
  });
});

describe('permanent refusals', () => {
  it.each<RosterCode>(['BotNotInConversationRoster', 'ConversationBlockedByUser', 'BotDisabledByAdmin'])(
    'answers 403 %s in Teams’ error body, which botbuilder does not retry',
    async (code) => {
      connector.failNext(1, { status: 403, code });

      const outcome = await send(LEAD);

      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error).toMatchObject({ statusCode: 403, code });
        expect(outcome.error.details).toEqual({ error: { code, message: expect.any(String) } });
      }
      expect(connector.sent).toHaveLength(1);
      expect(connector.sent[0]).toMatchObject({ status: 403, errorCode: code });
    },
  );

  it('answers 404 ConversationNotFound', async () => {
    connector.failNext(1, { status: 404, code: 'ConversationNotFound' });

    const outcome = await send(LEAD);

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatchObject({ statusCode: 404, code: 'ConversationNotFound' });
  });

  it('refuses every send to a blocked conversation until it is unblocked, and no other', async () => {
    connector.blockConversation(LEAD, 'ConversationBlockedByUser');

    const blocked = [await send(LEAD, 'one'), await send(LEAD, 'two')];
    const elsewhere = await send(OTHER);
    connector.unblockConversation(LEAD);
    const afterwards = await send(LEAD, 'three');

    expect(blocked.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ConversationBlockedByUser', 'ConversationBlockedByUser']);
    expect(elsewhere.ok).toBe(true);
    expect(afterwards.ok).toBe(true);
    expect(connector.activitiesTo(LEAD).map((a) => a.text)).toEqual(['three']);
  });
});

describe('transient failures', () => {
  it('delivers once after botbuilder retries a 503, and surfaces a 412 without retrying it', async () => {
    connector.failNext(1, { status: 503 }, LEAD);
    connector.failNext(1, { status: 412 }, OTHER);

    const retried = await send(LEAD);
    const preconditionFailed = await send(OTHER);

    expect(retried.ok).toBe(true);
    expect(connector.sent.filter((r) => r.conversationId === LEAD).map((r) => r.status)).toEqual([503, 201]);
    expect(preconditionFailed.ok).toBe(false);
    if (!preconditionFailed.ok) expect(preconditionFailed.error.statusCode).toBe(412);
    expect(connector.sent.filter((r) => r.conversationId === OTHER).map((r) => r.status)).toEqual([412]);
  });

  it('makes botbuilder surface a 5xx after three retries with backoff', async () => {
    connector.failNext(4, { status: 502 });

    const outcome = await send(LEAD);

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.statusCode).toBe(502);
    expect(connector.sent.map((r) => r.status)).toEqual([502, 502, 502, 502]);
  });

  it('only fails requests in the conversation a fault is scoped to', async () => {
    connector.failNext(2, { status: 403, code: 'BotNotInConversationRoster' }, OTHER);

    const lead = await send(LEAD);
    const other = await send(OTHER);

    expect(lead.ok).toBe(true);
    expect(other.ok).toBe(false);
    expect(connector.sent.map((r) => [r.conversationId, r.status])).toEqual([
      [LEAD, 201],
      [OTHER, 403],
    ]);
  });

  it('leaves member lookups alone unless a fault names them', async () => {
    connector.addMember('*', { id: '29:1lead', name: 'Lee Lead', aadObjectId: 'aad-lead', email: 'lee@example.org' });
    connector.failNext(1, { status: 403, code: 'BotNotInConversationRoster' });
    connector.failNext(1, { status: 404, code: 'ConversationNotFound' }, { operations: ['members'] });

    const outcome = await inTurn(adapter, personalReference(connector.serviceUrl, LEAD), async (ctx) => {
      const lookup = await TeamsInfo.getMember(ctx, '29:1lead').then(
        () => 'found',
        (err: { statusCode: number }) => err.statusCode,
      );
      const sendFailure = await ctx.sendActivity('hi').then(
        () => 'sent',
        (err: { code: string }) => err.code,
      );
      return { lookup, sendFailure };
    });

    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toEqual({ lookup: 404, sendFailure: 'BotNotInConversationRoster' });
  });

  it('answers slowly with latency and with a one-off delay, and still delivers', async () => {
    connector.setLatency(150);
    connector.failNext(1, { delayMs: 300 });
    const started = Date.now();

    const outcome = await send(LEAD);

    expect(outcome.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(440);
    expect(connector.activitiesTo(LEAD)).toHaveLength(1);
  });

  it('shows that a connection dropped after acceptance makes botbuilder deliver the message twice', async () => {
    connector.failNext(1, { reset: true, afterAccept: true });

    const outcome = await send(LEAD, 'Reminder for 2.4');

    expect(outcome.ok).toBe(true);
    expect(connector.sent.map((r) => [r.status, r.reset])).toEqual([
      [201, 'afterAccept'],
      [201, undefined],
    ]);
    expect(connector.stats()).toMatchObject({ accepted: 2, resets: 1, duplicates: 1 });
  });

  it('answers 413 MessageSizeTooBig for an activity over the size limit', async () => {
    const small = await startConnector({ maxActivityBytes: 2000 });
    try {
      const outcome = await inTurn(adapter, personalReference(small.serviceUrl, LEAD), (ctx) => ctx.sendActivity(cardActivity('x'.repeat(3000))));

      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error).toMatchObject({ statusCode: 413, code: 'MessageSizeTooBig' });
    } finally {
      await small.close();
    }
  });
});
