/**
 * Entry storage shared by both indexes: codes in one flat Uint32Array (8 words per row),
 * ids in a parallel typed array, and a tombstone byte per row. Rows are only appended or
 * tombstoned, never moved, so the row numbers the search tables hold stay valid until a
 * compaction builds a fresh store.
 */
import { WORDS } from './codes.ts';
import type { IdWidth } from './types.ts';

export type IdArray = Uint32Array | Float64Array;

/**
 * Checks an id against the storage width; throws a RangeError naming the problem.
 * @example checkId(7, 32); // ok
 */
export function checkId(id: number, width: IdWidth): void {
  const max = width === 32 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(id) || id < 0 || id > max) {
    throw new RangeError(`id ${id} is not an integer in 0..${max} (idWidth ${width})`);
  }
}

export class EntryStore {
  codes: Uint32Array;
  ids: IdArray;
  dead: Uint8Array;
  /** Rows in use, dead or alive. */
  length: number;
  /** Rows not tombstoned. */
  live: number;
  readonly idWidth: IdWidth;

  constructor(idWidth: IdWidth, capacity = 0) {
    this.idWidth = idWidth;
    this.codes = new Uint32Array(capacity * WORDS);
    this.ids = idWidth === 32 ? new Uint32Array(capacity) : new Float64Array(capacity);
    this.dead = new Uint8Array(capacity);
    this.length = 0;
    this.live = 0;
  }

  /**
   * A store holding copies of `codes` (8 words per entry) and `ids`, sized exactly.
   * @example EntryStore.fromArrays(new Uint32Array(16), [1, 2], 32).live // 2
   */
  static fromArrays(codes: Uint32Array, ids: ArrayLike<number>, idWidth: IdWidth): EntryStore {
    const n = ids.length;
    if (codes.length !== n * WORDS) {
      throw new RangeError(`codes hold ${codes.length / WORDS} entries but ids hold ${n}`);
    }
    const s = new EntryStore(idWidth, n);
    s.codes.set(codes);
    if (!(ids instanceof Uint32Array && idWidth === 32)) {
      for (let i = 0; i < n; i++) checkId(ids[i], idWidth);
    }
    s.ids.set(ids);
    s.length = n;
    s.live = n;
    return s;
  }

  push(code: Uint32Array, id: number): number {
    checkId(id, this.idWidth);
    if (this.length === this.dead.length) this.grow(Math.max(16, this.length * 2));
    const row = this.length++;
    this.codes.set(code, row * WORDS);
    this.ids[row] = id;
    this.live++;
    return row;
  }

  kill(row: number): boolean {
    if (this.dead[row]) return false;
    this.dead[row] = 1;
    this.live--;
    return true;
  }

  /** A new, exactly sized store of the live rows, in row order. */
  compacted(): EntryStore {
    const out = new EntryStore(this.idWidth, this.live);
    let j = 0;
    for (let row = 0; row < this.length; row++) {
      if (this.dead[row]) continue;
      out.codes.set(this.codes.subarray(row * WORDS, row * WORDS + WORDS), j * WORDS);
      out.ids[j++] = this.ids[row];
    }
    out.length = out.live = j;
    return out;
  }

  bytes(): number {
    return this.codes.byteLength + this.ids.byteLength + this.dead.byteLength;
  }

  private grow(capacity: number): void {
    const codes = new Uint32Array(capacity * WORDS);
    codes.set(this.codes.subarray(0, this.length * WORDS));
    const ids = this.idWidth === 32 ? new Uint32Array(capacity) : new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.length));
    const dead = new Uint8Array(capacity);
    dead.set(this.dead.subarray(0, this.length));
    this.codes = codes;
    this.ids = ids;
    this.dead = dead;
  }
}
