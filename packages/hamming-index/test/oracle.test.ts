/**
 * Property tests: the multi-index must return exactly what the linear scan returns (same
 * ids, same distances) on uniform and clustered data, at every radius that matters, while
 * entries are added, removed and compacted in between. Seeds are fixed; a failure names
 * its seed, data kind, options and step so it can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { codeToHex, LinearScanIndex, MultiIndexHash, type MultiIndexOptions } from '../src/index.ts';
import { clusteredCodes, mixedQueries, rng32, uniformCodes, type Rng } from './gen.ts';

const RADII = [0, 8, 31, 32, 52];
const FORCE_PROBES = { visit: 1, scan: 0.1, candidate: 1, scanRow: 1e9 };

function dataset(kind: string, n: number, rng: Rng): { codes: Uint32Array; others: Uint32Array } {
  if (kind === 'uniform') return { codes: uniformCodes(n, rng), others: uniformCodes(200, rng) };
  const c = clusteredCodes(n, rng);
  return { codes: c.codes, others: c.fresh(200) };
}

function checkAll(
  label: string,
  fast: MultiIndexHash,
  slow: LinearScanIndex,
  pool: Uint32Array,
  others: Uint32Array,
  rng: Rng,
): void {
  const queries = mixedQueries(pool, others, 24, 40, rng);
  expect(fast.size, label).toBe(slow.size);
  for (const r of RADII) {
    for (let k = 0; k < queries.length / 8; k++) {
      const q = queries.subarray(k * 8, k * 8 + 8);
      expect(fast.query(q, r), `${label} r=${r} q=${codeToHex(q)}`).toEqual(slow.query(q, r));
    }
  }
  const variants = [0, 1, 2, 3].map((k) => queries.slice(k * 8, k * 8 + 8));
  expect(fast.queryMany(variants, 31), `${label} many`).toEqual(slow.queryMany(variants, 31));
}

const CASES: { options: MultiIndexOptions; name: string }[] = [
  { name: 'default', options: {} },
  { name: '13 chunks, probes forced', options: { chunks: 13, costs: FORCE_PROBES, sideLimit: 300 } },
  { name: '22 chunks, probes forced', options: { chunks: 22, costs: FORCE_PROBES } },
  { name: '8 chunks', options: { chunks: 8 } },
];

describe('MultiIndexHash agrees with the linear scan', () => {
  for (const kind of ['uniform', 'clustered']) {
    for (const { name, options } of CASES) {
      it(`${kind}, ${name}`, () => {
        const seed = kind.length * 1000 + name.length;
        const rng = rng32(seed);
        const n = 3000;
        const { codes, others } = dataset(kind, n + 1500, rng);
        const ids = Array.from({ length: n }, (_, i) => i % 2900); // some ids repeat
        const fast = MultiIndexHash.build(codes.subarray(0, n * 8), ids, options);
        const slow = LinearScanIndex.build(codes.subarray(0, n * 8), ids);
        const label = (step: number) => `seed=${seed} ${kind} ${name} step=${step}`;
        checkAll(label(0), fast, slow, codes, others, rng);
        let next = n;
        for (let step = 1; step <= 4; step++) {
          for (let a = 0; a < 350; a++, next++) {
            const code = codes.subarray(next * 8, next * 8 + 8);
            fast.add(code, next);
            slow.add(code, next);
          }
          for (let d = 0; d < 120; d++) {
            const row = rng() % next;
            const id = row < n ? ids[row] : row;
            const hash = d % 2 === 0 ? codes.subarray(row * 8, row * 8 + 8) : undefined;
            expect(fast.remove(id, hash), label(step)).toBe(slow.remove(id, hash));
          }
          if (step === 2) {
            fast.compact();
            slow.compact();
          }
          checkAll(label(step), fast, slow, codes, others, rng);
        }
      });
    }
  }

  it('is exact at any radius 0..256, and on tiny and empty indexes', () => {
    const rng = rng32(99);
    const codes = uniformCodes(1000, rng);
    const ids = Array.from({ length: 1000 }, (_, i) => i);
    const fast = MultiIndexHash.build(codes, ids);
    const slow = LinearScanIndex.build(codes, ids);
    const q = codes.slice(0, 8);
    for (const r of [1, 60, 100, 128, 140, 256]) expect(fast.query(q, r)).toEqual(slow.query(q, r));
    expect(fast.query(q, 256).length).toBe(1000);
    const empty = new MultiIndexHash();
    expect(empty.query(q, 31)).toEqual([]);
    empty.add(q, 5);
    expect(empty.query(q, 0)).toEqual([{ id: 5, distance: 0 }]);
    expect(() => fast.query(q, 257)).toThrow(RangeError);
    expect(() => fast.query(q, 1.5)).toThrow(RangeError);
  });

  it('keeps 64-bit ids and rejects ids that do not fit', () => {
    const big = 2 ** 40 + 3;
    const index = new MultiIndexHash({ idWidth: 64 });
    index.add('ab'.repeat(32), big);
    expect(index.query('ab'.repeat(32), 0)).toEqual([{ id: big, distance: 0 }]);
    expect(() => new MultiIndexHash().add('ab'.repeat(32), big)).toThrow(RangeError);
    expect(() => index.add('ab'.repeat(32), -1)).toThrow(RangeError);
  });
});
