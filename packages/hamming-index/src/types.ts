/**
 * The contract every index in this package satisfies: query, mutate, serialise. The
 * service holds a `HammingIndex` and can swap in a freshly built or loaded one with a
 * single assignment, whichever implementation sits behind it.
 */
import type { HashInput } from './codes.ts';

/** One search hit: the entry's id and its Hamming distance to the query (0..256). */
export interface Match {
  readonly id: number;
  readonly distance: number;
}

/** Bits stored per id: 32 (Uint32, ids 0..2^32-1) or 64 (Float64, safe integers 0..2^53-1). */
export type IdWidth = 32 | 64;

export interface IndexOptions {
  /** Bits per stored id; 32 unless ids may exceed 2^32-1. */
  readonly idWidth?: IdWidth;
}

export interface HammingIndex {
  /** Live entries (added and not removed). */
  readonly size: number;
  /** Entries within `radius` of `hash`, one per id with its smallest distance, by distance then id. */
  query(hash: HashInput, radius: number): Match[];
  /** As `query` over several hashes (e.g. the 8 dihedral variants), merged per id at its smallest distance. */
  queryMany(hashes: readonly HashInput[], radius: number): Match[];
  add(hash: HashInput, id: number): void;
  /** Removes every entry with `id` (only those equal to `hash` when given); returns how many. */
  remove(id: number, hash?: HashInput): number;
  /** Drops removed entries for good and folds recent additions into the main structure. */
  compact(): void;
  /** The live entries in the package's binary format; either implementation loads it. */
  serialize(): Uint8Array;
  /** Bytes held in typed arrays by this index (codes, ids, tables). */
  memoryBytes(): number;
}

/** How to make an index: from flat arrays (bulk build), from bytes, or empty. */
export interface HammingIndexFactory<T extends HammingIndex = HammingIndex> {
  build(codes: Uint32Array, ids: ArrayLike<number>, options?: IndexOptions): T;
  deserialize(bytes: Uint8Array, options?: IndexOptions): T;
  empty(options?: IndexOptions): T;
}
