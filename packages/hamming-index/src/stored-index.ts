/**
 * What both indexes share: the entry store, and every operation that only needs "the rows
 * within a radius of one code" (`collect`): queries merged per id, removal by id and hash,
 * size and serialisation. An index says how it collects; the rest follows.
 */
import { toCode, type HashInput } from './codes.ts';
import { checkRadius, finish, Hits } from './hits.ts';
import { encodeStore } from './serialize.ts';
import type { EntryStore } from './store.ts';
import type { HammingIndex, Match } from './types.ts';

export abstract class StoredIndex implements HammingIndex {
  constructor(protected store: EntryStore) {}

  /** Appends to `hits` every row (live or tombstoned) within `radius` of `q`, repeats allowed. */
  protected abstract collect(q: Uint32Array, radius: number, hits: Hits): void;

  abstract add(hash: HashInput, id: number): void;
  abstract compact(): void;
  abstract memoryBytes(): number;

  get size(): number {
    return this.store.live;
  }

  /** @example index.query('00'.repeat(32), 31) // [{ id: 3, distance: 0 }] */
  query(hash: HashInput, radius: number): Match[] {
    return this.queryMany([hash], radius);
  }

  /** @example index.queryMany(dihedralHexes, 31) */
  queryMany(hashes: readonly HashInput[], radius: number): Match[] {
    checkRadius(radius);
    const hits = new Hits();
    for (const h of hashes) this.collect(toCode(h), radius, hits);
    return finish(this.store, hits);
  }

  /** @example index.remove(3, '00'.repeat(32)) // 1 */
  remove(id: number, hash?: HashInput): number {
    const s = this.store;
    let rows: number[] = [];
    if (hash === undefined) {
      for (let row = 0; row < s.length; row++) if (s.ids[row] === id) rows.push(row);
    } else {
      const hits = new Hits();
      this.collect(toCode(hash), 0, hits);
      rows = hits.rows.filter((row) => s.ids[row] === id);
    }
    let removed = 0;
    for (const row of rows) if (s.kill(row)) removed++;
    return removed;
  }

  /** @example const bytes = index.serialize(); */
  serialize(): Uint8Array {
    return encodeStore(this.store);
  }
}
