/**
 * The reference implementation: every query compares the query with every stored code.
 * It is the oracle the tests check the multi-index against and the baseline the bench
 * reports, so it stays simple enough to be obviously right; still, one flat array and an
 * early exit make it a fair baseline rather than a straw man.
 */
import { toCode, type HashInput } from './codes.ts';
import { scanRows, type Hits } from './hits.ts';
import { decodeStore } from './serialize.ts';
import { EntryStore } from './store.ts';
import { StoredIndex } from './stored-index.ts';
import type { HammingIndexFactory, IndexOptions } from './types.ts';

export class LinearScanIndex extends StoredIndex {
  /**
   * An empty index; fill it with `add`, or use `LinearScanIndex.build` for bulk data.
   * @example const index = new LinearScanIndex({ idWidth: 64 });
   */
  constructor(options: IndexOptions = {}, store?: EntryStore) {
    super(store ?? new EntryStore(options.idWidth ?? 32));
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

  /** @example index.add('00'.repeat(32), 3) */
  add(hash: HashInput, id: number): void {
    this.store.push(toCode(hash), id);
  }

  protected collect(q: Uint32Array, radius: number, hits: Hits): void {
    scanRows(this.store.codes, q, radius, 0, this.store.length, hits);
  }

  /** @example index.compact() */
  compact(): void {
    this.store = this.store.compacted();
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
