/**
 * Hit collection and the plain scan both indexes share. Candidate rows are checked first
 * and deduplicated only once they match: a near-duplicate may be found through several
 * chunks, but matches are few, so merging them per id at the end is cheaper than keeping
 * a "seen" mark for every row touched.
 */
import { POP16 } from './codes.ts';
import type { EntryStore } from './store.ts';
import type { Match } from './types.ts';

/** Rows found within the radius, with their distances, possibly repeated. */
export class Hits {
  rows: number[] = [];
  dists: number[] = [];

  push(row: number, distance: number): void {
    this.rows.push(row);
    this.dists.push(distance);
  }
}

/**
 * Appends to `hits` every row in [from, to) of `codes` within `radius` of query `q`.
 * @example scanRows(store.codes, hexToCode(h), 31, 0, store.length, hits);
 */
export function scanRows(
  codes: Uint32Array,
  q: Uint32Array,
  radius: number,
  from: number,
  to: number,
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
  const r = radius;
  const T = POP16;
  for (let row = from, b = from * 8; row < to; row++, b += 8) {
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
    if (d <= r) hits.push(row, d);
  }
}

/**
 * Turns raw hits into the public answer: tombstoned rows dropped, one entry per id at its
 * smallest distance, ordered by distance then id.
 * @example finish(store, hits) // [{ id: 4, distance: 0 }, { id: 9, distance: 12 }]
 */
export function finish(store: EntryStore, hits: Hits): Match[] {
  const best = new Map<number, number>();
  const { rows, dists } = hits;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (store.dead[row]) continue;
    const id = store.ids[row];
    const prev = best.get(id);
    if (prev === undefined || dists[i] < prev) best.set(id, dists[i]);
  }
  const out: Match[] = [];
  for (const [id, distance] of best) out.push({ id, distance });
  out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  return out;
}

/**
 * Validates a radius: an integer 0..256 (anything wider is the same as 256).
 * @example checkRadius(31); // ok
 */
export function checkRadius(radius: number): void {
  if (!Number.isInteger(radius) || radius < 0 || radius > 256) {
    throw new RangeError(`radius ${radius} is not an integer in 0..256`);
  }
}
