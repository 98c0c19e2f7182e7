import { makeTestStore } from '../support/store';

describe('identities read together', () => {
  it('finds the same people whether a few are asked for or a whole cycle’s worth', async () => {
    const store = await makeTestStore();
    const emails = Array.from({ length: 70 }, (_, i) => `Lead${i}@Council.example`);
    for (const [i, email] of emails.entries()) await store.identities.merge(email, { givenName: `Lead ${i}`, reachable: true });
    // Recording an object id also writes a link row for it, in a partition of its own.
    await store.identities.merge('lead0@council.example', { aadObjectId: '00000000-0000-0000-0000-000000000001' });

    const few = await store.identities.getMany(['LEAD3@council.example', 'lead4@council.example', 'nobody@council.example']);
    expect([...few.keys()].sort()).toEqual(['lead3@council.example', 'lead4@council.example']);
    expect(few.get('lead3@council.example')?.givenName).toBe('Lead 3');

    const many = await store.identities.getMany([...emails, 'nobody@council.example']);
    expect(many.size).toBe(70);
    expect(many.get('lead69@council.example')?.givenName).toBe('Lead 69');
    expect(many.get('lead0@council.example')?.aadObjectId).toBe('00000000-0000-0000-0000-000000000001');
    expect(many.has('nobody@council.example')).toBe(false);
  });
});
