const BUCKETS = 64;

/** FNV-1a of the key, folded to a bucket index: ids are spread evenly, and the same id always lands in the same bucket. */
function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (BUCKETS - 1);
}

type Buckets<V> = ReadonlyArray<ReadonlyMap<string, V> | undefined>;

/**
 * An immutable map from string keys (card ids, user ids) whose changes share structure: `set` and
 * `delete` copy one of 64 buckets — about 1/64 of the entries — and return a new table, the old one
 * staying as it was. A board's state is copied on every op and the server keeps the last few
 * hundred states (patches for viewers who fell behind); copying a plain object of 900 cards on each
 * op allocated ~30 KB per op that lived long enough to reach V8's old generation; setting one card
 * in a 900-card table allocates ~3.4 KB (5.6 KB with 32 buckets; measured with heapUsed).
 * Serialises as a plain object (`toJSON`: snapshots and tests see `{ id: value }`); `Table.from`
 * reads that back. Iteration order is by bucket, not by insertion: callers sort what they show.
 * Not itself iterable (use `entries()` or `values()`), so that deep equality compares contents, not order.
 */
export class Table<V> {
  private constructor(
    private readonly buckets: Buckets<V>,
    readonly size: number,
  ) {}

  private static readonly EMPTY = new Table<never>(new Array<undefined>(BUCKETS).fill(undefined), 0);

  static empty<V>(): Table<V> {
    return Table.EMPTY;
  }

  /** A table with the entries of a plain object (a stored snapshot), a list of pairs, or a table (kept as it is). */
  static from<V>(
    source: Table<V> | Readonly<Record<string, V>> | Iterable<readonly [string, V]> | null | undefined,
  ): Table<V> {
    if (source instanceof Table) return source;
    if (!source) return Table.empty();
    const buckets: Array<Map<string, V> | undefined> = new Array<undefined>(BUCKETS).fill(undefined);
    let size = 0;
    const pairs: Iterable<readonly [string, V]> =
      Symbol.iterator in source ? source : Object.entries(source as Record<string, V>);
    for (const [key, value] of pairs) {
      const i = bucketOf(key);
      const bucket = (buckets[i] ??= new Map());
      if (!bucket.has(key)) size++;
      bucket.set(key, value);
    }
    return new Table(buckets, size);
  }

  get(key: string): V | undefined {
    return this.buckets[bucketOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.buckets[bucketOf(key)]?.has(key) ?? false;
  }

  set(key: string, value: V): Table<V> {
    const i = bucketOf(key);
    const old = this.buckets[i];
    if (old?.get(key) === value) return this;
    const bucket = new Map(old);
    bucket.set(key, value);
    const buckets = this.buckets.slice();
    buckets[i] = bucket;
    return new Table(buckets, old?.has(key) ? this.size : this.size + 1);
  }

  delete(key: string): Table<V> {
    const i = bucketOf(key);
    const old = this.buckets[i];
    if (!old?.has(key)) return this;
    const buckets = this.buckets.slice();
    if (old.size === 1) buckets[i] = undefined;
    else {
      const bucket = new Map(old);
      bucket.delete(key);
      buckets[i] = bucket;
    }
    return new Table(buckets, this.size - 1);
  }

  /** Calls `visit` with every value (faster than iterating `values()` on the hot paths). */
  forEach(visit: (value: V, key: string) => void): void {
    for (const bucket of this.buckets) if (bucket) bucket.forEach(visit);
  }

  *values(): IterableIterator<V> {
    for (const bucket of this.buckets) if (bucket) yield* bucket.values();
  }

  *keys(): IterableIterator<string> {
    for (const bucket of this.buckets) if (bucket) yield* bucket.keys();
  }

  *entries(): IterableIterator<[string, V]> {
    for (const bucket of this.buckets) if (bucket) yield* bucket.entries();
  }

  /** A new table with `change` applied to every value (those it returns unchanged stay shared). */
  map(change: (value: V) => V): Table<V> {
    let buckets: Array<ReadonlyMap<string, V> | undefined> | null = null;
    this.buckets.forEach((bucket, i) => {
      if (!bucket) return;
      let copy: Map<string, V> | null = null;
      for (const [key, value] of bucket) {
        const next = change(value);
        if (next === value) continue;
        copy ??= new Map(bucket);
        copy.set(key, next);
      }
      if (copy) (buckets ??= this.buckets.slice())[i] = copy;
    });
    return buckets ? new Table(buckets, this.size) : this;
  }

  toJSON(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [key, value] of this.entries()) {
      // Ids may be "__proto__" (they are letters, digits, - and _): an own property, never the prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
}
