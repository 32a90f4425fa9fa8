/**
 * The hot loop of a multi-index query, for one chunk probed to radius t. Probe keys that
 * flip f bits of the directory part share a bucket with every key differing only in the
 * low part, so each bucket is visited once and its postings are filtered on their packed
 * low bits (at most t - f may differ) with a sequential read. Only survivors cost a random
 * read of the code; the distance check exits as soon as the partial sum passes the radius.
 *
 * The work runs in three passes (bucket bounds, low-bit filter, distance check) rather
 * than one nested loop: within a pass the loads do not depend on each other, so the CPU
 * overlaps their cache misses instead of waiting on each in turn. At 10M codes nearly
 * every load misses, and this is worth more than any arithmetic saving.
 */
import { binomial } from './chunks.ts';
import { POP16 } from './codes.ts';
import type { Hits } from './hits.ts';
import type { ChunkTable } from './tables.ts';

// Scratch reused by every query (JavaScript runs one query at a time; nothing re-enters).
let starts: Uint32Array = new Uint32Array(4096);
let ends: Uint32Array = new Uint32Array(4096);

function grown(a: Uint32Array, size: number): Uint32Array {
  const b = new Uint32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/** Candidate rows gathered over all chunks of one query, checked together at the end. */
export interface Candidates {
  rows: Uint32Array;
  count: number;
}

/**
 * Appends to `out` every row of `table` whose chunk is within `t` bits of the query's
 * chunk value `qk`. `dirMasks` = probeMasks(dirBits, t).
 * @example probeChunk(table, probeMasks(table.dirBits, 1), 1, chunkKey(q, 0, 0, 16), out);
 */
export function probeChunk(
  table: ChunkTable,
  dirMasks: Uint32Array,
  t: number,
  qk: number,
  out: Candidates,
): void {
  const { offsets, postings, lowBits, dirBits } = table;
  const T = POP16;
  const qtop = qk >>> lowBits;
  const lowMask = lowBits === 0 ? 0 : (1 << lowBits) - 1;
  const qlow = qk & lowMask;
  const nm = dirMasks.length;
  if (starts.length < nm) {
    starts = grown(starts, nm);
    ends = grown(ends, nm);
  }
  for (let j = 0; j < nm; j++) {
    const bucket = qtop ^ dirMasks[j];
    starts[j] = offsets[bucket];
    ends[j] = offsets[bucket + 1];
  }
  let rows = out.rows;
  let nc = out.count;
  let j = 0;
  for (let f = 0; f <= t; f++) {
    const allowed = t - f;
    const levelEnd = j + binomial(dirBits, f);
    for (; j < levelEnd; j++) {
      const end = ends[j];
      for (let p = starts[j]; p < end; p++) {
        const e = postings[p];
        if (T[(e & lowMask) ^ qlow] > allowed) continue;
        if (nc === rows.length) rows = out.rows = grown(rows, nc + 1);
        rows[nc++] = e >>> lowBits;
      }
    }
  }
  out.count = nc;
}

/**
 * Sorts the candidates and drops repeats (a near neighbour is found through several
 * chunks). Ascending rows also turn random reads of the codes into one forward sweep,
 * which the page walker and the memory controller serve faster.
 * @example const n = sortUnique(out); checkRows(out.rows, n, codes, q, 31, hits);
 */
export function sortUnique(out: Candidates): number {
  const rows = out.rows.subarray(0, out.count).sort();
  let k = 0;
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i] !== rows[k - 1]) rows[k++] = rows[i];
  return k;
}

/**
 * Adds to `hits` the rows among cands[0 .. count) within `radius` of `q`.
 * @example checkRows(new Uint32Array([4, 9]), 2, codes, q, 31, hits);
 */
export function checkRows(
  rows: Uint32Array,
  count: number,
  codes: Uint32Array,
  q: Uint32Array,
  radius: number,
  hits: Hits,
): void {
  const q0 = q[0],
    q1 = q[1],
    q2 = q[2],
    q3 = q[3],
    q4 = q[4],
    q5 = q[5],
    q6 = q[6],
    q7 = q[7];
  const T = POP16;
  const r = radius;
  for (let i = 0; i < count; i++) {
    const b = rows[i] * 8;
    let x = codes[b] ^ q0;
    let y = codes[b + 1] ^ q1;
    let z = codes[b + 2] ^ q2;
    let d = T[x & 0xffff] + T[x >>> 16] + T[y & 0xffff] + T[y >>> 16] + T[z & 0xffff] + T[z >>> 16];
    if (d > r) continue;
    x = codes[b + 3] ^ q3;
    y = codes[b + 4] ^ q4;
    z = codes[b + 5] ^ q5;
    d += T[x & 0xffff] + T[x >>> 16] + T[y & 0xffff] + T[y >>> 16] + T[z & 0xffff] + T[z >>> 16];
    if (d > r) continue;
    x = codes[b + 6] ^ q6;
    y = codes[b + 7] ^ q7;
    d += T[x & 0xffff] + T[x >>> 16] + T[y & 0xffff] + T[y >>> 16];
    if (d <= r) hits.push(rows[i], d);
  }
}
