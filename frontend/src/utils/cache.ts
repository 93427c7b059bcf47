/** A bounded least-recently-used cache whose entries go stale after `ttlMs` but are kept, so a
 * caller can still show the last good answer while the API is down (stale-if-error). */
export interface Cached<T> {
  value: T;
  storedAt: number;
  fresh: boolean;
}

export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; storedAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 200,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Cached<T> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key); // re-insert: most recently used last
    this.entries.set(key, entry);
    return { ...entry, fresh: this.now() - entry.storedAt < this.ttlMs };
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Drop every entry whose key starts with `prefix` (all of them without one). */
  invalidate(prefix = ""): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
