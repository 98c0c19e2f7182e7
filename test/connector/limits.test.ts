/**
 * Teams' rate limits and seeded random failures in the stand-in, driven through botbuilder.
 */
import { startConnector, TEAMS_LIMITS, type Connector, type SentRecord } from '../support/connector';
import { SlidingWindows } from '../support/connector/slidingWindows';
import { inTurn, makeAdapter, personalReference } from './proactive';

const adapter = makeAdapter();

function send(connector: Connector, conversationId: string, text: string) {
  return inTurn(adapter, personalReference(connector.serviceUrl, conversationId), (ctx) => ctx.sendActivity(text));
}

describe('sliding windows', () => {
  it('refuses the eighth send within a second and says when the window frees a slot', () => {
    const windows = new SlidingWindows(TEAMS_LIMITS.perConversation);
    for (let t = 0; t < 7; t++) {
      expect(windows.check('c', 1000 + t * 10).allowed).toBe(true);
      windows.record('c', 1000 + t * 10);
    }

    const verdict = windows.check('c', 1100);

    expect(verdict).toEqual({ allowed: false, retryAfterMs: 900, limit: [7, 1000] });
    expect(windows.check('c', 2000).allowed).toBe(true);
    expect(windows.check('other', 1100).allowed).toBe(true);
  });

  it('holds the eight-in-two-seconds limit once the one-second window has moved on', () => {
    const windows = new SlidingWindows(TEAMS_LIMITS.perConversation);
    for (let t = 0; t < 8; t++) windows.record('c', t * 100);

    expect(windows.check('c', 1500)).toEqual({ allowed: false, retryAfterMs: 500, limit: [8, 2000] });
    expect(windows.check('c', 2000).allowed).toBe(true);
  });

  it('does not count a refused check against the window', () => {
    const windows = new SlidingWindows([[2, 60_000]]);
    windows.record('c', 0);
    windows.record('c', 1);
    for (let t = 2; t < 50; t++) expect(windows.check('c', t).allowed).toBe(false);

    expect(windows.check('c', 60_001).allowed).toBe(true);
  });
});

describe('enforced limits', () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = await startConnector();
  });
  afterAll(async () => {
    await connector.close();
  });
  beforeEach(() => connector.reset());

  it('refuses the eighth send within a second to one conversation with 429 and Retry-After, which botbuilder waits out', async () => {
    connector.enforceLimits();

    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => send(connector, 'a:1busy', `message ${i}`)));

    expect(outcomes.every((o) => o.ok)).toBe(true);
    const refused = connector.sent.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.limit).toBe('perConversation 7/1000ms');
    const accepted = connector.sent.filter((r) => r.status === 201);
    expect(accepted).toHaveLength(8);
    expect(accepted[7]!.receivedAt.getTime() - accepted[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(950);
    expect(connector.stats()).toMatchObject({ accepted: 8, duplicates: 0 });
  });

  it('answers a send over the limit with an integer Retry-After of at least one second', async () => {
    connector.enforceLimits({ perConversation: [[2, 60_000]] });
    const post = () =>
      fetch(`${connector.serviceUrl}v3/conversations/a%3A1raw/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'raw' }),
      });

    const statuses = [(await post()).status, (await post()).status];
    const over = await post();

    expect(statuses).toEqual([201, 201]);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(Number.isInteger(Number(over.headers.get('retry-after')))).toBe(true);
  });

  it('limits the whole app across conversations', async () => {
    connector.enforceLimits({ perApp: [[3, 60_000]] });
    const raw = (conversationId: string) =>
      fetch(`${connector.serviceUrl}v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: conversationId }),
      });

    const statuses: number[] = [];
    for (const id of ['a:1one', 'a:1two', 'a:1three', 'a:1four']) statuses.push((await raw(id)).status);

    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(connector.sent[3]?.limit).toBe('perApp 3/60000ms');
  });

  it('lets everything through with limits off', async () => {
    connector.enforceLimits({ perConversation: [[1, 60_000]] });
    connector.enforceLimits(null);

    for (let i = 0; i < 3; i++) await send(connector, 'a:1free', `m${i}`);

    expect(connector.sent.map((r) => r.status)).toEqual([201, 201, 201]);
  });
});

describe('random failures', () => {
  /** Sends 40 messages one by one; returns what arrived and which messages the client saw fail. */
  async function runWithSeed(seed: number): Promise<{ records: SentRecord[]; failed: string[] }> {
    const connector = await startConnector();
    try {
      connector.setRandomFailures({ rate: 0.3, status: 429, retryAfterSeconds: 0 }, seed);
      const failed: string[] = [];
      for (let i = 0; i < 40; i++) {
        const outcome = await send(connector, `a:1person${i % 5}`, `message ${i}`);
        if (!outcome.ok) failed.push(`message ${i}`);
      }
      return { records: [...connector.sent], failed };
    } finally {
      await connector.close();
    }
  }

  it('fails the same requests on every run with the same seed, and delivers each message botbuilder saw succeed exactly once', async () => {
    const first = await runWithSeed(42);
    const second = await runWithSeed(42);
    const otherSeed = await runWithSeed(7);

    const pattern = (run: { records: SentRecord[] }) => run.records.map((r) => `${r.activity?.text}:${r.status}`);
    expect(pattern(second)).toEqual(pattern(first));
    expect(second.failed).toEqual(first.failed);
    expect(pattern(otherSeed)).not.toEqual(pattern(first));
    const refused = first.records.filter((r) => r.status === 429).length;
    expect(refused).toBeGreaterThan(4);
    expect(refused).toBeLessThan(30);
    const delivered = first.records.filter((r) => r.status === 201).map((r) => r.activity?.text);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered.length + first.failed.length).toBe(40);
    expect(delivered.filter((text) => first.failed.includes(text as string))).toEqual([]);
  });
});
