/**
 * A short-lived cache of reference data the bot reads on every turn (people, groups, plans,
 * a user's identity and memberships). A card submit then costs a handful of storage calls
 * instead of a dozen. Entries live for PLANPULSE_CACHE_SECONDS; this process's own writes
 * invalidate them at once, other instances' writes (an import, another bot instance) are
 * seen within that time.
 *
 * Action rows are cached too, with their ETags, so a submit can write without reading first.
 * That is safe because every write of an action is made under its ETag: a row changed
 * elsewhere fails the write, which then reads the row afresh. A lookup may show an action as
 * it was up to PLANPULSE_CACHE_SECONDS ago when another process changed it. Histories are
 * never cached.
 */
export class ReadCache {
  private readonly entries = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(private readonly ttlMs: number) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { until: now + this.ttlMs, value });
    // A failed load is not remembered.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Remembers a value this process has just written, for the same lifetime as a load. */
  set<T>(key: string, value: T): void {
    if (this.ttlMs <= 0) return;
    this.entries.set(key, { until: Date.now() + this.ttlMs, value: Promise.resolve(value) });
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
