/**
 * Stand-in for `immutable`, served ONLY to draft-js-utils / draft-js-export-html (anchored alias,
 * see scripts/draft-stubs.mjs). Those packages use exactly two names from it:
 * `getEntityRanges` builds `new OrderedSet()` as its empty style set and compares consecutive
 * characters' style sets with `is`. Our Draft adapter builds its style sets with this class too.
 *
 * Semantics follow immutable 3.x for this case: an OrderedSet equals another OrderedSet with the
 * same values in the same insertion order (immutable's deepEqual is order-sensitive for ordered
 * collections, and the exporter splits text runs on that comparison, so order matters for
 * byte-identical HTML).
 */
export class OrderedSet<T = string> implements Iterable<T> {
  readonly #values: readonly T[];

  constructor(values?: Iterable<T>) {
    this.#values = values ? [...new Set(values)] : [];
  }

  get size(): number {
    return this.#values.length;
  }

  has(value: T): boolean {
    return this.#values.includes(value);
  }

  toArray(): T[] {
    return [...this.#values];
  }

  equals(other: OrderedSet<T>): boolean {
    if (other === this) return true;
    const theirs = other.#values;
    return theirs.length === this.#values.length && this.#values.every((v, i) => Object.is(v, theirs[i]));
  }

  [Symbol.iterator](): Iterator<T> {
    return this.#values[Symbol.iterator]();
  }
}

/** Value equality as immutable's `is`, for the values the exporter compares (style sets). */
export function is(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  return a instanceof OrderedSet && b instanceof OrderedSet && a.equals(b);
}
