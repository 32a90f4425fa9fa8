/**
 * Bucket tables in CSR form, one per chunk. A chunk of `width` bits is split into a
 * directory part (its top `dirBits` bits) and a low part (the other `lowBits`). The rows
 * whose directory part equals k are in postings[offsets[k] .. offsets[k + 1]), each
 * posting packing row << lowBits | low part into one Uint32. Wide chunks thus cost
 * 2^dirBits offsets instead of 2^width, a query visits one bucket for all probes that
 * differ only in the low part and filters its postings sequentially before touching any
 * code, and the filter and the row come from a single load: at 10M codes nearly every
 * random load misses the cache and the TLB, so loads are what a query pays for. Built by
 * counting sort: linear passes, no objects.
 */
import { chunkKey, type Layout } from './chunks.ts';

export interface ChunkTable {
  readonly dirBits: number;
  readonly lowBits: number;
  readonly offsets: Uint32Array;
  readonly postings: Uint32Array;
}

/**
 * Directory bits for a table over `n` rows: about `bucketRows` rows per bucket, and few
 * enough low bits that a row number and the low part share 32 bits and the low part's
 * popcount is one POP16 lookup.
 * @example dirBitsFor(23, 1_000_000, 4) // 18
 */
export function dirBitsFor(width: number, n: number, bucketRows: number): number {
  const ideal = Math.round(Math.log2(Math.max(n, 1) / bucketRows));
  const rowBits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
  const fewestDirBits = Math.max(width - 16, width - (32 - rowBits));
  return Math.min(width, Math.max(fewestDirBits, Math.min(24, Math.max(8, ideal))));
}

/**
 * Builds the table of chunk `c` of `layout` over rows [0, rows) of `codes`. `scratch`
 * (at least 2 * rows long) is reused across chunks.
 * @example const table = buildTable(store.codes, n, makeLayout(16), 0, 14, new Uint32Array(2 * n));
 */
export function buildTable(
  codes: Uint32Array,
  rows: number,
  layout: Layout,
  c: number,
  dirBits: number,
  scratch: Uint32Array,
): ChunkTable {
  const start = layout.starts[c];
  const width = layout.widths[c];
  const lowBits = width - dirBits;
  const lowMask = lowBits === 0 ? 0 : (1 << lowBits) - 1;
  if (rows > 2 ** (32 - lowBits)) throw new RangeError(`${rows} rows do not fit beside ${lowBits} low bits`);
  const offsets = new Uint32Array(2 ** dirBits + 1);
  for (let row = 0, b = 0; row < rows; row++, b += 8)
    offsets[(chunkKey(codes, b, start, width) >>> lowBits) + 1]++;
  for (let k = 1; k < offsets.length; k++) offsets[k] += offsets[k - 1];
  const postings = new Uint32Array(rows);
  // Two-pass scatter: first into 256 coarse partitions (256 sequential write streams),
  // then each partition into its buckets, whose cursors and postings then fit in cache.
  // Writing 10M postings straight to random places costs a TLB miss each and dominated
  // the build. offsets[k] serves as bucket k's cursor and is shifted back afterwards.
  const shift = Math.max(0, dirBits - 8);
  const cursor = new Uint32Array(2 ** (dirBits - shift));
  for (let p = 0; p < cursor.length; p++) cursor[p] = offsets[p << shift];
  const packed = scratch.subarray(0, rows);
  const buckets = scratch.subarray(rows, 2 * rows);
  for (let row = 0, b = 0; row < rows; row++, b += 8) {
    const key = chunkKey(codes, b, start, width);
    const bucket = key >>> lowBits;
    const at = cursor[bucket >>> shift]++;
    packed[at] = ((row << lowBits) | (key & lowMask)) >>> 0;
    buckets[at] = bucket;
  }
  for (let i = 0; i < rows; i++) postings[offsets[buckets[i]]++] = packed[i];
  for (let k = offsets.length - 1; k > 0; k--) offsets[k] = offsets[k - 1];
  offsets[0] = 0;
  return { dirBits, lowBits, offsets, postings };
}
