/**
 * Publishing a message that is kept current: the first publish posts it, later ones edit it in
 * place, and both go out through the outbox's sender, so an edit is paced, retried on
 * throttling and dead-lettered like any send.
 */
import { editKey, type NewMessage } from '../../src/outbox/model';
import { publish } from '../../src/reporting/publish';
import { conversationIdOf, person, PLAN, startRig, type OutboxRig } from '../outbox/support';

let rig: OutboxRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => rig.close());

const CHAIR = person(1);
const summary = (text: string): NewMessage => ({
  key: 'summary~sdg~2024-01-20',
  kind: 'channelSummary',
  recipientId: CHAIR,
  activity: { type: 'message', text },
});

/** What the chair sees in their chat: each message in its latest state. */
const seen = () => rig.connector.transcript(conversationIdOf(CHAIR)).map((m) => m.activity.text);
const updateRequests = () => rig.connector.sent.filter((r) => r.operation === 'update');

async function posted(text: string) {
  await rig.connect(CHAIR);
  expect(await publish(rig.store, rig.clock, PLAN, summary(text), { transport: rig.transport, sendNow: true })).toBe('sent');
}

describe('publishing a message that is kept current', () => {
  it('posts once, leaves an unchanged message alone, and edits the posted message when its content changes', async () => {
    await posted('3 of 5 leads have answered.');
    expect(await publish(rig.store, rig.clock, PLAN, summary('3 of 5 leads have answered.'), { transport: rig.transport })).toBe('unchanged');
    expect(await publish(rig.store, rig.clock, PLAN, summary('5 of 5 leads have answered.'), { transport: rig.transport })).toBe('updated');

    expect(seen()).toEqual(['5 of 5 leads have answered.']);
    expect(updateRequests()).toHaveLength(1);
    const edit = await rig.store.outbox.get(PLAN, editKey(summary('').key, 1));
    expect(edit?.value).toMatchObject({ status: 'sent', updateOf: { key: summary('').key } });
  });

  it('waits out the Retry-After of a throttled edit and sends it with the next drain', async () => {
    await posted('3 of 5 leads have answered.');
    rig.connector.failNext(1, { status: 429, retryAfterSeconds: 1 }, { operations: ['update'] });

    expect(await publish(rig.store, rig.clock, PLAN, summary('4 of 5 leads have answered.'), { transport: rig.transport })).toBe('updated');
    expect(seen()).toEqual(['3 of 5 leads have answered.']);
    const waiting = await rig.store.outbox.getQueued(PLAN, editKey(summary('').key, 1));
    expect(waiting?.value.notBefore).toBe(new Date(rig.clock.now().getTime() + 1000).toISOString());
    expect(waiting?.value.lastError?.status).toBe(429);

    expect((await rig.drain()).sent).toBe(0); // not before the Retry-After has passed
    rig.clock.advance(1000);
    expect((await rig.drain()).sent).toBe(1);
    expect(seen()).toEqual(['4 of 5 leads have answered.']);
  });

  it('changes an edit that is still waiting instead of queueing a second one', async () => {
    await posted('3 of 5 leads have answered.');
    rig.connector.failNext(1, { status: 429, retryAfterSeconds: 1 }, { operations: ['update'] });
    await publish(rig.store, rig.clock, PLAN, summary('4 of 5 leads have answered.'), { transport: rig.transport });

    rig.clock.advance(1000);
    expect(await publish(rig.store, rig.clock, PLAN, summary('5 of 5 leads have answered.'), { transport: rig.transport })).toBe('updated');

    expect(seen()).toEqual(['5 of 5 leads have answered.']);
    const accepted = updateRequests().filter((r) => r.status < 300);
    expect(accepted.map((r) => r.activity?.text)).toEqual(['5 of 5 leads have answered.']);
    expect(await rig.store.outbox.get(PLAN, editKey(summary('').key, 2))).toBeUndefined();
  });

  it('records an edit Teams refuses for good as undelivered, for the administrators, without marking the reader unreachable', async () => {
    await posted('3 of 5 leads have answered.');
    rig.connector.failNext(1, { status: 404 }, { operations: ['update'] });

    expect(await publish(rig.store, rig.clock, PLAN, summary('4 of 5 leads have answered.'), { transport: rig.transport })).toBe('undeliverable');

    expect(seen()).toEqual(['3 of 5 leads have answered.']);
    const undelivered = await rig.store.outbox.listUndelivered(PLAN);
    expect(undelivered.map((m) => [m.key, m.status])).toEqual([[editKey(summary('').key, 1), 'unreachable']]);
    expect((await rig.store.identities.get(CHAIR))?.reachable).toBe(true);
  });

  it('leaves a new message to the drain unless asked to send it now', async () => {
    await rig.connect(CHAIR);
    expect(await publish(rig.store, rig.clock, PLAN, summary('0 of 5 leads have answered.'), { transport: rig.transport })).toBe('queued');
    expect(seen()).toEqual([]);
    expect((await rig.drain()).sent).toBe(1);
    expect(seen()).toEqual(['0 of 5 leads have answered.']);
  });
});
