/**
 * Stored response links: a withdrawal changes the marker the response page checks a
 * remembered link against, in the same write; recording a link does not.
 */
import type { ResponseLink } from '../../src/storage/responseLinkRepository';
import { makeTestStore } from '../support/store';

const link = (hash: string, personId = 'lead@x.example'): ResponseLink => ({
  hash,
  planId: 'p1',
  personId,
  kind: 'cycle',
  groupId: 'g1',
  meetingDate: '2027-01-29',
  refs: ['1.1'],
  issuedAt: '2027-01-20T08:00:00.000Z',
  expiresAt: '2027-01-29T17:00:00.000Z',
  messageKey: `m-${hash}`,
});

describe('response links as stored', () => {
  it('changes the withdrawals mark with every withdrawal, and only then', async () => {
    const store = await makeTestStore();
    await store.responseLinks.record(link('a'.repeat(64)));
    await store.responseLinks.record(link('b'.repeat(64), 'other@x.example'));
    const before = await store.responseLinks.withdrawalsMark();
    await store.responseLinks.record(link('c'.repeat(64)));
    expect(await store.responseLinks.withdrawalsMark()).toBe(before);

    expect(await store.responseLinks.revoke('a'.repeat(64), new Date('2027-01-21T09:00:00Z'))).toBe(true);
    const afterOne = await store.responseLinks.withdrawalsMark();
    expect(afterOne).not.toBe(before);
    expect((await store.responseLinks.get('a'.repeat(64)))?.revokedAt).toBe('2027-01-21T09:00:00.000Z');

    // Withdrawing it again changes nothing; withdrawing a person's links changes the mark again.
    await store.responseLinks.revoke('a'.repeat(64), new Date('2027-01-22T09:00:00Z'));
    expect(await store.responseLinks.withdrawalsMark()).toBe(afterOne);
    expect(await store.responseLinks.revokeForPerson('p1', 'other@x.example', new Date('2027-01-22T09:00:00Z'))).toBe(1);
    expect(await store.responseLinks.withdrawalsMark()).not.toBe(afterOne);
    expect((await store.responseLinks.get('c'.repeat(64)))?.revokedAt).toBeUndefined();
  });

  it('never takes the marker for a link', async () => {
    const store = await makeTestStore();
    await store.responseLinks.record(link('a'.repeat(64)));
    await store.responseLinks.revoke('a'.repeat(64), new Date('2027-01-21T09:00:00Z'));
    expect(await store.responseLinks.get('withdrawals')).toBeUndefined();
    expect(await store.responseLinks.revoke('withdrawals', new Date())).toBe(false);
  });
});
