/**
 * The reference implementation: every query compares the query with every stored code.
 * It is the oracle the tests check the multi-index against and the baseline the bench
 * reports, so it stays simple enough to be obviously right; still, one flat array and an
 * early exit make it a fair baseline rather than a straw man.
 */
import { toCode, type HashInput } from './codes.ts';
import { checkRadius, finish, Hits, scanRows } from './hits.ts';
import { decodeStore, encodeStore } from './serialize.ts';
import { EntryStore } from './store.ts';
import type { HammingIndex, HammingIndexFactory, IndexOptions, Match } from './types.ts';

export class LinearScanIndex implements HammingIndex {
  private store: EntryStore;

  /**
   * An empty index; fill it with `add`, or use `LinearScanIndex.build` for bulk data.
   * @example const index = new LinearScanIndex({ idWidth: 64 });
   */
  constructor(options: IndexOptions = {}, store?: EntryStore) {
    this.store = store ?? new EntryStore(options.idWidth ?? 32);
  }

  /**
   * Builds from flat arrays: `codes` holds 8 words per entry, `ids[i]` belongs to entry i.
   * @example LinearScanIndex.build(codesFromHex(hexes), ids).query(hexes[0], 31)
   */
  static build(codes: Uint32Array, ids: ArrayLike<number>, options: IndexOptions = {}): LinearScanIndex {
    return new LinearScanIndex(options, EntryStore.fromArrays(codes, ids, options.idWidth ?? 32));
  }

  /**
   * Loads bytes written by `serialize` of either index.
   * @example const index = LinearScanIndex.deserialize(bytes);
   */
  static deserialize(bytes: Uint8Array): LinearScanIndex {
    return new LinearScanIndex({}, decodeStore(bytes));
  }

  get size(): number {
    return this.store.live;
  }

  /** @example index.query('00'.repeat(32), 31) // [{ id: 3, distance: 0 }] */
  query(hash: HashInput, radius: number): Match[] {
    return this.queryMany([hash], radius);
  }

  /** @example index.queryMany(dihedralHexes, 31) */
  queryMany(hashes: readonly HashInput[], radius: number): Match[] {
    checkRadius(radius);
    const hits = new Hits();
    for (const h of hashes) scanRows(this.store.codes, toCode(h), radius, 0, this.store.length, hits);
    return finish(this.store, hits);
  }

  /** @example index.add('00'.repeat(32), 3) */
  add(hash: HashInput, id: number): void {
    this.store.push(toCode(hash), id);
  }

  /** @example index.remove(3) // 1 */
  remove(id: number, hash?: HashInput): number {
    const s = this.store;
    const rows: number[] = [];
    if (hash === undefined) {
      for (let row = 0; row < s.length; row++) if (s.ids[row] === id) rows.push(row);
    } else {
      const hits = new Hits();
      scanRows(s.codes, toCode(hash), 0, 0, s.length, hits);
      for (const row of hits.rows) if (s.ids[row] === id) rows.push(row);
    }
    let removed = 0;
    for (const row of rows) if (s.kill(row)) removed++;
    return removed;
  }

  /** @example index.compact() */
  compact(): void {
    this.store = this.store.compacted();
  }

  /** @example const bytes = index.serialize(); */
  serialize(): Uint8Array {
    return encodeStore(this.store);
  }

  /** @example index.memoryBytes() / index.size // ~37 */
  memoryBytes(): number {
    return this.store.bytes();
  }
}

/**
 * Factory for the linear scan, for code that picks an implementation at run time.
 * @example const index = linearScanFactory.build(codes, ids);
 */
export const linearScanFactory: HammingIndexFactory<LinearScanIndex> = {
  build: (codes, ids, options) => LinearScanIndex.build(codes, ids, options),
  deserialize: (bytes) => LinearScanIndex.deserialize(bytes),
  empty: (options) => new LinearScanIndex(options),
};
