/**
 * Bucket tables, one per chunk. A chunk of `width` bits is split into a directory part
 * (its top `dirBits` bits) and a low part (the other `lowBits`). Each posting packs
 * row << lowBits | low part into one non-negative 32-bit word, so one load gives both
 * the row and the bits that filter it before its code is read.
 *
 * Bucket k owns the four words slots[4k .. 4k + 3] (16 bytes, never split across cache
 * lines): up to four postings, EMPTY (-1) where unused. A bucket with more rows keeps three
 * there and puts the link -(i + 2) in the fourth, where overflow[i] is the count of the rest
 * and the rest follow it. With about two rows per bucket a probe then costs one random read,
 * where a CSR layout (offsets, then postings elsewhere) costs two: at a million codes and
 * more nearly every probe misses the cache, so reads are what a query pays for.
 */
import { chunkKey, type Layout } from './chunks.ts';

export interface ChunkTable {
  readonly dirBits: number;
  readonly lowBits: number;
  readonly slots: Int32Array;
  readonly overflow: Uint32Array;
}

/** An unused slot word. Postings are never negative; an overflow link is -(i + 2). */
export const EMPTY = -1;
const SLOT_WORDS = 4;

/** Slot bytes per indexed code, over all tables: keeps the index within ~160 bytes per code. */
const SLOT_BUDGET = 96;

/**
 * Directory bits for one of `chunks` tables over `n` rows: about `bucketRows` rows per
 * bucket, but no more slot memory than SLOT_BUDGET bytes per row over all tables, and few
 * enough low bits that the row number and the low part fit in 31 bits and the low part's
 * popcount is one POP16 lookup.
 * @example dirBitsFor(23, 1_000_000, 2, 11) // 19
 */
export function dirBitsFor(width: number, n: number, bucketRows: number, chunks: number): number {
  const wanted = Math.round(Math.log2(Math.max(n, 1) / bucketRows));
  const affordable = Math.floor(Math.log2((SLOT_BUDGET * Math.max(n, 1)) / (SLOT_WORDS * 4 * chunks)));
  const rowBits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
  const fewest = Math.max(width - 16, width - (31 - rowBits));
  return Math.min(width, Math.max(fewest, Math.min(24, Math.max(8, Math.min(wanted, affordable)))));
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
  const lowBits = layout.widths[c] - dirBits;
  if (rows > 2 ** (31 - lowBits)) throw new RangeError(`${rows} rows do not fit beside ${lowBits} low bits`);
  const { offsets, postings } = sortPostings(codes, rows, layout, c, dirBits, scratch);
  let spill = 0;
  for (let k = 0; k + 1 < offsets.length; k++) {
    const count = offsets[k + 1] - offsets[k];
    if (count > SLOT_WORDS) spill += count - (SLOT_WORDS - 1) + 1;
  }
  const slots = new Int32Array(offsets.length * SLOT_WORDS - SLOT_WORDS).fill(EMPTY);
  const overflow = new Uint32Array(spill);
  for (let k = 0, s = 0, o = 0; k + 1 < offsets.length; k++, s += SLOT_WORDS) {
    const from = offsets[k];
    const count = offsets[k + 1] - from;
    if (count <= SLOT_WORDS) {
      slots.set(postings.subarray(from, from + count), s);
      continue;
    }
    slots.set(postings.subarray(from, from + SLOT_WORDS - 1), s);
    slots[s + SLOT_WORDS - 1] = -(o + 2);
    overflow[o++] = count - (SLOT_WORDS - 1);
    overflow.set(postings.subarray(from + SLOT_WORDS - 1, from + count), o);
    o += count - (SLOT_WORDS - 1);
  }
  return { dirBits, lowBits, slots, overflow };
}

/**
 * The postings of bucket `bucket`, in row order.
 * @example postingsOf(table, 5) // Uint32Array [row << lowBits | low, ...]
 */
export function postingsOf(table: ChunkTable, bucket: number): Uint32Array {
  const words = table.slots.subarray(bucket * SLOT_WORDS, bucket * SLOT_WORDS + SLOT_WORDS);
  const last = words[SLOT_WORDS - 1];
  if (last >= EMPTY) return Uint32Array.from(words.filter((w) => w !== EMPTY));
  const at = -last - 2;
  const rest = table.overflow.subarray(at + 1, at + 1 + table.overflow[at]);
  return Uint32Array.of(...words.subarray(0, SLOT_WORDS - 1), ...rest);
}

/**
 * The CSR form of a table by counting sort: postings[offsets[k] .. offsets[k + 1]) are
 * bucket k's, in row order. Linear passes, no objects.
 */
function sortPostings(
  codes: Uint32Array,
  rows: number,
  layout: Layout,
  c: number,
  dirBits: number,
  scratch: Uint32Array,
): { offsets: Uint32Array; postings: Uint32Array } {
  const start = layout.starts[c];
  const width = layout.widths[c];
  const lowBits = width - dirBits;
  const lowMask = lowBits === 0 ? 0 : (1 << lowBits) - 1;
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
  return { offsets, postings };
}
