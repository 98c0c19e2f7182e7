/**
 * A short-lived cache of reference data the bot reads on every turn (people, groups, plans,
 * a user's identity and memberships). A card submit then costs a handful of storage calls
 * instead of a dozen. Entries live for PLANPULSE_CACHE_SECONDS; this process's own writes
 * invalidate them at once, other instances' writes (an import, another bot instance) are
 * seen within that time. Action rows and histories are never cached.
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

  /** Forgets every entry whose key starts with `prefix`. */
  invalidate(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
