import { startRig, type OutboxRig } from './support';
import { conversationIdOf, conversationRef } from '../scheduler/harness';
import { SendError } from '../../src/outbox/transport';

let rig: OutboxRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => rig.close());
beforeEach(() => rig.connector.reset());

const ref = () => conversationRef(rig.connector.serviceUrl, 'ann@example.org');

describe('botbuilder transport', () => {
  it('posts a new message to the conversation and returns Teams’ activity id', async () => {
    const { activityId } = await rig.transport.send(ref(), { type: 'message', text: 'hello' });
    const [record] = rig.connector.sent;
    expect(record?.operation).toBe('send');
    expect(record?.conversationId).toBe(conversationIdOf('ann@example.org'));
    expect(record?.activityId).toBe(activityId);
    expect(record?.authorization).toBeUndefined();
  });

  it('hands a 429 straight back with its Retry-After instead of retrying inside botbuilder', async () => {
    rig.connector.failNext(1, { status: 429, retryAfterSeconds: 3 });
    const error = await rig.transport.send(ref(), { type: 'message', text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect(rig.connector.requests).toHaveLength(1);
  });

  it('hands a 503 straight back without botbuilder’s own backoff', async () => {
    rig.connector.failNext(1, { status: 503 });
    await expect(rig.transport.send(ref(), { type: 'message', text: 'x' })).rejects.toMatchObject({ status: 503 });
    expect(rig.connector.requests).toHaveLength(1);
  });

  it('reads Teams’ error code from a 403', async () => {
    rig.connector.blockConversation(conversationIdOf('ann@example.org'), 'BotNotInConversationRoster');
    await expect(rig.transport.send(ref(), { type: 'message', text: 'x' })).rejects.toMatchObject({ status: 403, code: 'BotNotInConversationRoster' });
  });

  it('opens a personal chat with a user by AAD object id and tenant', async () => {
    const created = await rig.transport.createPersonalConversation({ serviceUrl: rig.connector.serviceUrl, tenantId: 'tenant-1', aadObjectId: 'aad-ann' });
    expect(rig.connector.conversations).toHaveLength(1);
    expect(rig.connector.conversations[0]).toMatchObject({ id: created.conversation.id, tenantId: 'tenant-1' });
    await rig.transport.send(created, { type: 'message', text: 'first message' });
    expect(rig.connector.activitiesTo(created.conversation.id)).toHaveLength(1);
  });
});
