/**
 * Something remembered per request key, for one catalog version at a time: a bounded LRU (a Map's
 * insertion order is its recency order) that empties itself when an entry of another catalog
 * version is stored, so a reload never serves what was computed against the previous catalog.
 */
export interface RequestMemoBounds<T> {
  /** Entries kept at most; the least recently used goes first. */
  readonly maxEntries: number;
  /** Optional size budget: `sizeOf` of all kept entries stays at or under `maxSize`. */
  readonly maxSize?: number;
  readonly sizeOf?: (key: string, entry: T) => number;
}

export class RequestMemo<T> {
  private version: string | undefined;
  private readonly entries = new Map<string, T>();
  private size_ = 0;
  private readonly bounds: RequestMemoBounds<T>;

  /** @param bounds a number is the entry count alone (compiled plans, whose size hardly varies). */
  constructor(bounds: number | RequestMemoBounds<T> = 1000) {
    this.bounds = typeof bounds === 'number' ? { maxEntries: bounds } : bounds;
  }

  get(catalogVersion: string, key: string): T | undefined {
    if (catalogVersion !== this.version) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Most recently used last: delete and re-insert (cheap on a Map).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(catalogVersion: string, key: string, entry: T): void {
    if (catalogVersion !== this.version) {
      this.entries.clear();
      this.size_ = 0;
      this.version = catalogVersion;
    }
    const { maxEntries, maxSize = Infinity, sizeOf } = this.bounds;
    const size = sizeOf ? sizeOf(key, entry) : 0;
    if (size > maxSize) return; // larger than the whole budget: would only evict everything else
    this.delete(key);
    this.entries.set(key, entry);
    this.size_ += size;
    while (this.entries.size > maxEntries || this.size_ > maxSize) {
      this.delete(this.entries.keys().next().value as string);
    }
  }

  /** Forgets one entry. */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    if (this.bounds.sizeOf) this.size_ -= this.bounds.sizeOf(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
