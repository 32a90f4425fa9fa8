/**
 * The multi-index hash: the fast exact index. Rows [0, indexed) of the entry store are
 * reachable through one CSR bucket table per chunk; rows added since the last build sit
 * after them and are scanned linearly, until they outgrow `sideLimit` and the tables are
 * rebuilt. Removal only tombstones a row; `compact` (or that rebuild) drops it for good.
 * When a radius is so wide that probing would cost more than a scan, the query scans:
 * every radius 0..256 is exact, only the speed differs.
 */
import {
  chunkKey,
  DEFAULT_COSTS,
  makeLayout,
  planProbes,
  probeMasks,
  type CostModel,
  type Layout,
} from './chunks.ts';
import { toCode, type HashInput } from './codes.ts';
import { scanRows, type Hits } from './hits.ts';
import { checkRows, probeChunk, type Candidates } from './probe.ts';
import { decodeStore } from './serialize.ts';
import { EntryStore } from './store.ts';
import { StoredIndex } from './stored-index.ts';
import { buildTable, dirBitsFor, type ChunkTable } from './tables.ts';
import type { HammingIndexFactory, IndexOptions } from './types.ts';

export interface MultiIndexOptions extends IndexOptions {
  /** Chunks to cut the 256 bits into (8..32); by default chosen from the entry count. */
  readonly chunks?: number;
  /** Rows added after a build that are scanned linearly before a rebuild; default max(1024, n/8). */
  readonly sideLimit?: number;
  /** Average rows per directory bucket, default 2 (fewer: more slot memory, fewer overflows). */
  readonly bucketRows?: number;
  readonly costs?: CostModel;
}

/**
 * The chunk count used for `n` entries when none is given. Wider chunks (fewer of them)
 * mean fewer candidate codes to read but more buckets to visit, since each chunk must be
 * probed to a larger radius. Measured with bench/index-tune.ts at 100k, 1M and 10M codes:
 * eleven chunks of 23-24 bits win from 100k up (at 1M: 10k queries/s against 6k for 12
 * chunks and 2.8k for 16); below that everything is fast and 16 keeps tables small.
 * @example defaultChunks(10_000_000) // 11
 */
export function defaultChunks(n: number): number {
  return n >= 100_000 ? 11 : 16;
}

export class MultiIndexHash extends StoredIndex {
  private readonly options: MultiIndexOptions;
  private layout: Layout = makeLayout(16);
  private tables: ChunkTable[] = [];
  private indexed = 0;
  private plans = new Map<number, Int8Array | null>();
  private readonly candidates: Candidates = { rows: new Uint32Array(1 << 12), count: 0 };

  /**
   * An empty index; fill it with `add`, or use `MultiIndexHash.build` for bulk data.
   * @example const index = new MultiIndexHash({ idWidth: 64 });
   */
  constructor(options: MultiIndexOptions = {}, store?: EntryStore) {
    super(store ?? new EntryStore(options.idWidth ?? 32));
    this.options = options;
    this.rebuild();
  }

  /**
   * Bulk build from flat arrays: `codes` holds 8 words per entry, `ids[i]` belongs to entry i.
   * @example const index = MultiIndexHash.build(codesFromHex(hexes), ids);
   */
  static build(codes: Uint32Array, ids: ArrayLike<number>, options: MultiIndexOptions = {}): MultiIndexHash {
    return new MultiIndexHash(options, EntryStore.fromArrays(codes, ids, options.idWidth ?? 32));
  }

  /**
   * Loads bytes written by `serialize` of either index and builds the tables.
   * @example const index = MultiIndexHash.deserialize(bytes);
   */
  static deserialize(bytes: Uint8Array, options: MultiIndexOptions = {}): MultiIndexHash {
    return new MultiIndexHash(options, decodeStore(bytes));
  }

  /** @example index.add('00'.repeat(32), 3) */
  add(hash: HashInput, id: number): void {
    this.store.push(toCode(hash), id);
    const limit = this.options.sideLimit ?? Math.max(1024, this.indexed >>> 3);
    if (this.store.length - this.indexed > limit) this.compact();
  }

  /** @example index.compact() */
  compact(): void {
    this.store = this.store.compacted();
    this.rebuild();
  }

  /** @example index.memoryBytes() / index.size // ~120 at 10M */
  memoryBytes(): number {
    let bytes = this.store.bytes();
    for (const t of this.tables) bytes += t.slots.byteLength + t.overflow.byteLength;
    return bytes;
  }

  /** The chunk widths, directory bits and per-chunk probe radii at `radius` (null: linear scan). */
  describe(radius: number): { widths: readonly number[]; dirBits: number[]; probes: Int8Array | null } {
    const dirBits = this.tables.map((table) => table.dirBits);
    return { widths: this.layout.widths, dirBits, probes: this.plan(radius) };
  }

  private plan(radius: number): Int8Array | null {
    let p = this.plans.get(radius);
    if (p === undefined) {
      const dirBits = this.tables.map((table) => table.dirBits);
      const costs = this.options.costs ?? DEFAULT_COSTS;
      p = this.indexed === 0 ? null : planProbes(this.layout.widths, dirBits, radius, this.indexed, costs);
      this.plans.set(radius, p);
    }
    return p;
  }

  protected collect(q: Uint32Array, radius: number, hits: Hits): void {
    const codes = this.store.codes;
    const plan = this.plan(radius);
    if (plan === null) {
      scanRows(codes, q, radius, 0, this.store.length, hits);
      return;
    }
    const { starts, widths } = this.layout;
    const out = this.candidates;
    out.count = 0;
    for (let c = 0; c < plan.length; c++) {
      const t = plan[c];
      if (t < 0) continue;
      const table = this.tables[c];
      probeChunk(table, probeMasks(table.dirBits, t), t, chunkKey(q, 0, starts[c], widths[c]), out);
    }
    checkRows(out.rows, out.count, codes, q, radius, hits);
    scanRows(codes, q, radius, this.indexed, this.store.length, hits);
  }

  private rebuild(): void {
    const n = this.store.length;
    this.layout = makeLayout(this.options.chunks ?? defaultChunks(n));
    this.tables = [];
    this.plans.clear();
    // Too few rows for tables to beat a scan: keep them all in the linear part.
    this.indexed = n < 256 ? 0 : n;
    if (this.indexed === 0) return;
    const scratch = new Uint32Array(2 * n);
    for (let c = 0; c < this.layout.widths.length; c++) {
      const dirBits = dirBitsFor(
        this.layout.widths[c],
        n,
        this.options.bucketRows ?? 2,
        this.layout.widths.length,
      );
      this.tables.push(buildTable(this.store.codes, n, this.layout, c, dirBits, scratch));
    }
  }
}

/**
 * Factory for the multi-index hash, for code that picks an implementation at run time.
 * @example let live: HammingIndex = multiIndexFactory.build(codes, ids); live = multiIndexFactory.deserialize(bytes);
 */
export const multiIndexFactory: HammingIndexFactory<MultiIndexHash> = {
  build: (codes, ids, options) => MultiIndexHash.build(codes, ids, options),
  deserialize: (bytes) => MultiIndexHash.deserialize(bytes),
  empty: (options) => new MultiIndexHash(options),
};
