/**
 * The hot loop of a multi-index query, for one chunk probed to radius t. Probe keys that
 * flip f bits of the directory part share a bucket with every key differing only in the
 * low part, so each bucket is visited once and its postings are filtered on their low
 * bits (at most t - f may differ) with a sequential read. Only survivors cost a random
 * read of the code; the distance check exits as soon as the partial sum passes the radius.
 */
import { binomial } from './chunks.ts';
import { POP16 } from './codes.ts';
import type { Hits } from './hits.ts';
import type { ChunkTable } from './tables.ts';

/**
 * Adds to `hits` every row of `table` whose chunk is within `t` bits of the query's chunk
 * value `qk` and whose code is within `radius` of `q`. `dirMasks` = probeMasks(dirBits, t).
 * @example probeChunk(table, probeMasks(table.dirBits, 1), 1, chunkKey(q, 0, 0, 16), codes, q, 31, hits);
 */
export function probeChunk(
  table: ChunkTable,
  dirMasks: Uint32Array,
  t: number,
  qk: number,
  codes: Uint32Array,
  q: Uint32Array,
  radius: number,
  hits: Hits,
): void {
  const { offsets, postings, lows, lowBits, dirBits } = table;
  const q0 = q[0],
    q1 = q[1],
    q2 = q[2],
    q3 = q[3],
    q4 = q[4],
    q5 = q[5],
    q6 = q[6],
    q7 = q[7];
  const r = radius;
  const T = POP16;
  const qtop = qk >>> lowBits;
  const qlow = lowBits === 0 ? 0 : qk & ((1 << lowBits) - 1);
  let j = 0;
  for (let f = 0; f <= t; f++) {
    const allowed = t - f;
    const levelEnd = j + binomial(dirBits, f);
    for (; j < levelEnd; j++) {
      const bucket = qtop ^ dirMasks[j];
      const end = offsets[bucket + 1];
      for (let p = offsets[bucket]; p < end; p++) {
        if (POP16[lows[p] ^ qlow] > allowed) continue;
        const b = postings[p] * 8;
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
        if (d <= r) hits.push(postings[p], d);
      }
    }
  }
}
