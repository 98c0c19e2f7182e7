import { ReadCache } from '../../src/storage/cachedReads';

describe('the read cache', () => {
  it('loads once within its lifetime and again once forgotten', async () => {
    const cache = new ReadCache(60_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('people:p1', load)).toBe(1);
    expect(await cache.get('people:p1', load)).toBe(1);
    cache.delete('people:p1');
    expect(await cache.get('people:p1', load)).toBe(2);
  });

  it('answers with a value this process wrote until it is forgotten, without loading', async () => {
    const cache = new ReadCache(60_000);
    let loads = 0;
    const load = async () => `loaded ${++loads}`;
    cache.set('action:p1:2.1', 'written');
    expect(await cache.get('action:p1:2.1', load)).toBe('written');
    expect(loads).toBe(0);
    cache.delete('action:p1:2.1');
    expect(await cache.get('action:p1:2.1', load)).toBe('loaded 1');
  });

  it('does not remember a failed load', async () => {
    const cache = new ReadCache(60_000);
    await expect(cache.get('plan:x', async () => Promise.reject(new Error('storage down')))).rejects.toThrow('storage down');
    expect(await cache.get('plan:x', async () => 'plan')).toBe('plan');
  });

  it('reads through every time when its lifetime is zero', async () => {
    const cache = new ReadCache(0);
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await cache.get('k', async () => ++loads);
    expect(loads).toBe(2);
  });

  it('expires entries after their lifetime', async () => {
    const cache = new ReadCache(20);
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await new Promise((r) => setTimeout(r, 40));
    await cache.get('k', async () => ++loads);
    expect(loads).toBe(2);
  });

  it('answers a latest read with a load that started after it was asked for, shared by those asking meanwhile', async () => {
    const cache = new ReadCache(60_000);
    let started = 0;
    const finish: Array<() => void> = [];
    const load = () => {
      const n = ++started;
      return new Promise<number>((resolve) => finish.push(() => resolve(n)));
    };
    const first = cache.latest('mark', load);
    // Asked while the first load is under way: it may not be answered by that load.
    const second = cache.latest('mark', load);
    const third = cache.latest('mark', load);
    expect(started).toBe(1);
    finish.shift()!();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(2);
    finish.shift()!();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    // Nothing is kept: a later ask loads again.
    const fourth = cache.latest('mark', load);
    finish.shift()!();
    expect(await fourth).toBe(3);
  });
});
