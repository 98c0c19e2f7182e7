import { ConflictError, AlreadyExistsError } from '../../src/storage/errors';
import { makeTestStore } from '../support/store';
import { Store } from '../../src/storage/store';
import type { Action } from '../../src/domain/model';
import { encodeKey, decodeKey } from '../../src/storage/keys';

const action = (ref: string, over: Partial<Action> = {}): Action => ({
  planId: 'p1',
  ref,
  area: 1,
  groupId: 'g1',
  text: 'Do the thing',
  leadIds: ['a@x.example'],
  leadStrings: ['Lead (A)'],
  due: '2024-03-29',
  importedStatus: 'unrated',
  brag: 'amber',
  updateCount: 0,
  extra: {},
  ...over,
});

const update = (id: string, submissionId: string, at: string) => ({
  planId: 'p1', ref: '1.1', id, submissionId, brag: 'amber' as const, narrative: 'Progress narrative here', evidence: [], escalate: false, authorId: 'a@x.example', at,
});

describe('table store', () => {
  it('answers undefined for a row that does not exist', async () => {
    const store = await makeTestStore();
    expect(await store.plans.getAction('p1', '9.9')).toBeUndefined();
  });

  it('turns a stale ETag into a ConflictError and keeps the newer write', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    const first = (await store.plans.getAction('p1', '1.1'))!;
    await store.plans.saveAction({ ...first.value, brag: 'red' }, { etag: first.etag, previous: first.value });
    await expect(
      store.plans.saveAction({ ...first.value, brag: 'green' }, { etag: first.etag, previous: first.value }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await store.plans.getAction('p1', '1.1'))!.value.brag).toBe('red');
  });

  it('applies both of two concurrent changes through modifyAction', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    await Promise.all(
      Array.from({ length: 5 }, () => store.plans.modifyAction('p1', '1.1', (a) => ({ ...a, updateCount: a.updateCount + 1 }))),
    );
    expect((await store.plans.getAction('p1', '1.1'))!.value.updateCount).toBe(5);
  });

  it('writes the changes of writers who arrive while one writes together after it, from the row it wrote, so only the first reads', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    const reads = jest.spyOn(store.plans, 'getAction');
    const writes = jest.spyOn(store.plans, 'saveAction');
    const rows = await Promise.all(
      Array.from({ length: 20 }, () => store.plans.modifyActionRow('p1', '1.1', (a) => ({ ...a, updateCount: a.updateCount + 1 }))),
    );
    expect(reads).toHaveBeenCalledTimes(1);
    expect(writes).toHaveBeenCalledTimes(2);
    reads.mockRestore();
    writes.mockRestore();
    expect(rows.map((r) => r.value.updateCount)).toEqual([1, ...Array.from({ length: 19 }, () => 20)]);
    expect((await store.plans.getAction('p1', '1.1'))!.value.updateCount).toBe(20);
  });

  it('writes a change made the moment the one before it is answered', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    const count = (a: Action): Action => ({ ...a, updateCount: a.updateCount + 1 });
    const second = await store.plans.modifyActionRow('p1', '1.1', count).then(() => store.plans.modifyActionRow('p1', '1.1', count));
    expect(second.value.updateCount).toBe(2);
  });

  it('writes updates that arrive together in one transaction, and fails only the one that repeats a submission', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    const first = await store.updates.appendWithAction(update('u0', 's0', '2024-01-01T09:00:00Z'), (a) => ({ ...a, updateCount: a.updateCount + 1 }));
    expect(first.created).toBe(true);
    const count = (a: Action): Action => ({ ...a, updateCount: a.updateCount + 1 });
    const results = await Promise.all([
      store.updates.appendWithAction(update('u1', 's1', '2024-01-01T10:00:00Z'), count),
      store.updates.appendWithAction(update('u2', 's2', '2024-01-01T10:00:01Z'), count),
      store.updates.appendWithAction(update('u0-again', 's0', '2024-01-01T10:00:02Z'), count),
      store.updates.appendWithAction(update('u3', 's3', '2024-01-01T10:00:03Z'), count),
    ]);
    expect(results.map((r) => [r.update.id, r.created])).toEqual([
      ['u1', true],
      ['u2', true],
      ['u0', false],
      ['u3', true],
    ]);
    expect((await store.plans.getAction('p1', '1.1'))!.value.updateCount).toBe(4);
    expect((await store.updates.history('p1', '1.1')).map((u) => u.id)).toEqual(['u3', 'u2', 'u1', 'u0']);
  });

  it('still lands a change over a row another process wrote since it was read', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    const read = (await store.plans.getAction('p1', '1.1'))!;
    // Another process (an import, another instance) writes the row without this one knowing.
    await store.plans.saveAction({ ...read.value, text: 'Reworded by the plan owner' });
    const written = await store.plans.modifyActionRow('p1', '1.1', (a) => ({ ...a, brag: 'red' }), read);
    expect(written.value).toMatchObject({ brag: 'red', text: 'Reworded by the plan owner' });
    expect((await store.plans.getAction('p1', '1.1'))!.value).toMatchObject({ brag: 'red', text: 'Reworded by the plan owner' });
  });

  it('refuses to insert a row twice', async () => {
    const store = await makeTestStore();
    const t = store.tables.table<{ a: number }>('Plans');
    await t.insert('x', 'y', { a: 1 });
    await expect(t.insert('x', 'y', { a: 2 })).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('stores values longer than one table property allows', async () => {
    const store = await makeTestStore();
    const long = 'é'.repeat(70000);
    await store.plans.saveAction(action('1.2', { text: long }));
    expect((await store.plans.getAction('p1', '1.2'))!.value.text).toBe(long);
  });

  it('keeps the group, lead and due indexes in line with the action', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    await store.plans.saveAction(action('1.2', { due: '2024-06-28' }));
    expect((await store.plans.listOpenActionsDueBefore('p1', '2024-04-01')).map((a) => a.ref)).toEqual(['1.1']);
    await store.plans.modifyAction('p1', '1.1', (a) => ({ ...a, brag: 'green', groupId: 'g2', leadIds: ['b@x.example'] }));
    expect(await store.plans.listOpenActionsDueBefore('p1', '2024-04-01')).toEqual([]);
    expect((await store.plans.listActionsOfGroup('p1', 'g1')).map((a) => a.ref)).toEqual(['1.2']);
    expect((await store.plans.listActionsOfGroup('p1', 'g2')).map((a) => a.ref)).toEqual(['1.1']);
    expect((await store.plans.listActionsOfLead('p1', 'a@x.example')).map((a) => a.ref)).toEqual(['1.2']);
    expect((await store.plans.listActionsOfLead('p1', 'b@x.example')).map((a) => a.ref)).toEqual(['1.1']);
  });

  it('encodes characters that table keys forbid and decodes them back', () => {
    const raw = 'Health / Wait #1? 50%';
    expect(encodeKey(raw)).not.toMatch(/[/#?\\]/);
    expect(decodeKey(encodeKey(raw))).toBe(raw);
  });
});

/** How the earlier layout keyed an update: milliseconds until year 9999, zero-padded, so newest sorts first. */
const newestFirstKey = (at: Date) => String(253402300799999 - at.getTime()).padStart(15, '0');

describe('update history', () => {

  it('lists updates newest first and never overwrites them', async () => {
    const store = await makeTestStore();
    await store.updates.append(update('u1', 's1', '2024-01-01T10:00:00Z'));
    await store.updates.append(update('u2', 's2', '2024-02-01T10:00:00Z'));
    expect((await store.updates.history('p1', '1.1')).map((u) => u.id)).toEqual(['u2', 'u1']);
  });

  it('orders updates within one millisecond by id, and lists those since an instant', async () => {
    const store = await makeTestStore();
    await store.updates.append(update('b', 's-b', '2024-03-01T09:00:00.000Z'));
    await store.updates.append(update('a', 's-a', '2024-03-01T09:00:00Z'));
    await store.updates.append(update('c', 's-c', '2024-02-01T09:00:00.000Z'));
    expect((await store.updates.history('p1', '1.1')).map((u) => u.id)).toEqual(['a', 'b', 'c']);
    expect((await store.updates.history('p1', '1.1', 1)).map((u) => u.id)).toEqual(['a']);
    expect((await store.updates.historySince('p1', '1.1', '2024-03-01T09:00:00.000Z')).map((u) => u.id)).toEqual(['a', 'b']);
  });

  it('moves updates an earlier version kept apart beside their actions when the store opens, and finds them by submission', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1', { updateCount: 3 }));
    const earlier = store.tables.table<unknown>('Updates');
    // The oldest layout: the update under u~<newest-first time>~<id>, and a marker row pointing at it.
    const oldest = update('u-oldest', 's-oldest', '2024-01-01T10:00:00.000Z');
    const oldestKey = `u~${newestFirstKey(new Date(oldest.at))}~${oldest.id}`;
    await earlier.batch('p1~1.1', [
      { op: 'insert', rowKey: 's~s-oldest', value: { submissionOf: oldestKey } },
      { op: 'insert', rowKey: oldestKey, value: oldest },
    ]);
    // The layout before this one: the update under its submission.
    const old = update('u-old', 's-old', '2024-02-01T10:00:00.000Z');
    await earlier.insert('p1~1.1', 's~s-old', old);
    await earlier.insert('p1~2.1', 's~s-two', { ...update('u-two', 's-two', '2024-02-02T10:00:00.000Z'), ref: '2.1' });

    const reopened = await new Store(store.tables).init();
    expect(await earlier.listPartitions('', '\uffff')).toEqual([]);
    expect((await reopened.updates.history('p1', '1.1')).map((u) => u.id)).toEqual(['u-old', 'u-oldest']);
    expect((await reopened.updates.history('p1', '2.1')).map((u) => u.id)).toEqual(['u-two']);
    expect((await reopened.updates.findBySubmission('p1', '1.1', 's-oldest'))?.id).toBe('u-oldest');
    // The history shares the action's partition and is never taken for an action.
    expect((await reopened.plans.listActions('p1')).map((a) => a.ref)).toEqual(['1.1']);
    const resubmitted = await reopened.updates.append(update('u-again', 's-old', '2024-03-01T10:00:00.000Z'));
    expect(resubmitted).toEqual({ created: false, update: old });
    expect(await reopened.updates.moveEarlierHistory()).toBe(0);
    expect(await reopened.updates.history('p1', '1.1')).toHaveLength(2);
  });

  it('writes an update and its action together, and a repeated submission changes neither', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1'));
    const rate = (brag: Action['brag']) => (a: Action): Action => ({ ...a, brag, updateCount: a.updateCount + 1 });
    const first = await store.updates.appendWithAction(update('u1', 's1', '2024-01-01T10:00:00Z'), rate('red'));
    expect(first.created).toBe(true);
    const again = await store.updates.appendWithAction(update('u2', 's1', '2024-01-02T10:00:00Z'), rate('green'));
    expect(again).toEqual({ created: false, update: expect.objectContaining({ id: 'u1' }) });
    const stored = await store.plans.getAction('p1', '1.1');
    expect(stored?.value).toMatchObject({ brag: 'red', updateCount: 1 });
    expect(first.created && first.stored.etag).toBe(stored?.etag);
    expect((await store.updates.history('p1', '1.1')).map((u) => u.id)).toEqual(['u1']);
  });

  it('keeps one action\'s history apart from a ref that starts with its ref and a tilde', async () => {
    const store = await makeTestStore();
    await store.updates.append(update('u1', 'x', '2024-01-01T10:00:00Z'));
    await store.updates.append({ ...update('u2', 'x', '2024-01-01T10:00:00Z'), ref: '1.1~x' });
    expect((await store.updates.history('p1', '1.1')).map((u) => u.id)).toEqual(['u1']);
    expect((await store.updates.history('p1', '1.1~x')).map((u) => u.id)).toEqual(['u2']);
  });

  it('refuses to store an action whose ref would sort among the history', async () => {
    const store = await makeTestStore();
    await expect(store.plans.saveAction(action(' 1.1'))).rejects.toThrow('may not be empty or start with a space');
  });

  it('records a repeated submission once and returns the first', async () => {
    const store = await makeTestStore();
    const first = await store.updates.append(update('u1', 's1', '2024-01-01T10:00:00Z'));
    const again = await store.updates.append(update('u9', 's1', '2024-01-01T10:05:00Z'));
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, update: first.update });
    expect(await store.updates.history('p1', '1.1')).toHaveLength(1);
  });
});
