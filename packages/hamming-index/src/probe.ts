/**
 * The hot loop of a multi-index query: for one chunk, look up every probe key's bucket
 * and check each row in it against the full query. The distance check exits as soon as
 * the partial sum passes the radius, which for a random candidate happens after about
 * three of the eight words; the rare survivors are recorded and deduplicated later.
 */
import { popcount32 as pc } from './codes.ts';
import type { Hits } from './hits.ts';
import type { ChunkTable } from './tables.ts';

/**
 * Probes `table` with the keys `qk ^ masks[j]` and adds rows within `radius` of `q` to `hits`.
 * @example probeChunk(table, probeMasks(16, 1), chunkKey(q, 0, 0, 16), codes, q, 31, hits);
 */
export function probeChunk(
  table: ChunkTable,
  masks: Uint32Array,
  qk: number,
  codes: Uint32Array,
  q: Uint32Array,
  radius: number,
  hits: Hits,
): void {
  const { offsets, postings } = table;
  const q0 = q[0],
    q1 = q[1],
    q2 = q[2],
    q3 = q[3],
    q4 = q[4],
    q5 = q[5],
    q6 = q[6],
    q7 = q[7];
  const r = radius;
  for (let j = 0; j < masks.length; j++) {
    const key = qk ^ masks[j];
    const end = offsets[key + 1];
    for (let p = offsets[key]; p < end; p++) {
      const row = postings[p];
      const b = row * 8;
      let d = pc(codes[b] ^ q0) + pc(codes[b + 1] ^ q1) + pc(codes[b + 2] ^ q2);
      if (d > r) continue;
      d += pc(codes[b + 3] ^ q3) + pc(codes[b + 4] ^ q4);
      if (d > r) continue;
      d += pc(codes[b + 5] ^ q5) + pc(codes[b + 6] ^ q6) + pc(codes[b + 7] ^ q7);
      if (d <= r) hits.push(row, d);
    }
  }
}
