import { describe, expect, it } from 'vitest';
import { chunkKey, makeLayout } from '../src/chunks.ts';
import { buildTable, dirBitsFor, postingsOf } from '../src/tables.ts';
import { rng32, uniformCodes } from './gen.ts';

describe('bucket tables', () => {
  it('keep low parts within 16 bits and beside the row number in 31 bits', () => {
    for (const n of [10, 3000, 1e6, 1e7, 1e8]) {
      for (const width of [16, 20, 23, 24, 26, 32]) {
        const dir = dirBitsFor(width, n, 2, 11);
        expect(dir).toBeLessThanOrEqual(width);
        expect(width - dir).toBeLessThanOrEqual(16);
        expect(Math.ceil(Math.log2(Math.max(n, 2))) + width - dir).toBeLessThanOrEqual(31);
      }
    }
  });

  it('hold every row once, in the bucket of its chunk, with its low bits, spilling full slots', () => {
    const n = 5000;
    const codes = uniformCodes(n, rng32(21));
    let spilled = 0;
    for (const m of [8, 11, 16]) {
      const layout = makeLayout(m);
      for (const c of [0, 1, m - 1]) {
        const width = layout.widths[c];
        const table = buildTable(codes, n, layout, c, dirBitsFor(width, n, 2, m), new Uint32Array(2 * n));
        const { lowBits } = table;
        spilled += table.overflow.length;
        const seen = new Uint8Array(n);
        let wrong = 0;
        for (let bucket = 0; bucket < 2 ** table.dirBits; bucket++) {
          for (const posting of postingsOf(table, bucket)) {
            const row = posting >>> lowBits;
            const key = chunkKey(codes, row * 8, layout.starts[c], width);
            const low = lowBits === 0 ? 0 : key & ((1 << lowBits) - 1);
            if (key >>> lowBits !== bucket || (posting & ((1 << lowBits) - 1)) !== low) wrong++;
            seen[row]++;
          }
        }
        expect(wrong, `m=${m} chunk ${c}`).toBe(0);
        expect(seen.every((x) => x === 1)).toBe(true);
      }
    }
    expect(spilled, 'some buckets hold more than one slot').toBeGreaterThan(0);
  });
});
