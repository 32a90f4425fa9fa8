import { describe, expect, it } from 'vitest';
import {
  codeToHex,
  codesFromHex,
  crc32,
  hammingDistance,
  hexDistance,
  hexToCode,
  popcount32,
} from '../src/index.ts';
import { chunkKey, makeLayout, planProbes, probeMasks } from '../src/chunks.ts';
import { rng32, uniformCodes } from './gen.ts';

describe('codes', () => {
  it('reads hex as one big-endian integer: word 0 holds the first 8 characters', () => {
    const hex = '0123456789abcdef'.repeat(4);
    const code = hexToCode(hex);
    expect(code[0]).toBe(0x01234567);
    expect(code[7]).toBe(0x89abcdef);
    expect(codeToHex(code)).toBe(hex);
    expect(codeToHex(hexToCode(hex.toUpperCase()))).toBe(hex);
  });

  it('rejects malformed hex', () => {
    expect(() => hexToCode('abc')).toThrow(TypeError);
    expect(() => hexToCode('g'.repeat(64))).toThrow(TypeError);
    expect(() => hexToCode('0'.repeat(65))).toThrow(TypeError);
  });

  it('counts bits and distances', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(hexDistance('0'.repeat(64), 'f'.repeat(64))).toBe(256);
    expect(hexDistance('0'.repeat(64), '0'.repeat(63) + '7')).toBe(3);
    const codes = codesFromHex(['0'.repeat(64), '8' + '0'.repeat(63)]);
    expect(hammingDistance(codes, 0, codes, 8)).toBe(1);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

const FORCE = { visit: 1, scan: 0.1, candidate: 1, scanRow: 1e9 };

describe('chunks', () => {
  it('extracts every chunk exactly as a naive bit reader does', () => {
    const codes = uniformCodes(20, rng32(3));
    for (const m of [11, 12, 13, 16, 21, 32]) {
      const { starts, widths } = makeLayout(m);
      expect(widths.reduce((a, b) => a + b, 0)).toBe(256);
      for (let row = 0; row < 20; row++) {
        for (let c = 0; c < m; c++) {
          let naive = 0;
          for (let bit = starts[c]; bit < starts[c] + widths[c]; bit++) {
            naive = naive * 2 + ((codes[row * 8 + (bit >>> 5)] >>> (31 - (bit & 31))) & 1);
          }
          expect(chunkKey(codes, row * 8, starts[c], widths[c])).toBe(naive);
        }
      }
    }
  });

  it('lists probe masks by popcount, without repeats', () => {
    expect([...probeMasks(4, 1)]).toEqual([0, 8, 4, 2, 1]);
    const m = probeMasks(20, 2);
    expect(m.length).toBe(1 + 20 + 190);
    expect(new Set(m).size).toBe(m.length);
    for (const x of m) expect(popcount32(x)).toBeLessThanOrEqual(2);
  });

  it('plans probes that satisfy the pigeonhole bound, or a scan', () => {
    for (const m of [11, 12, 16]) {
      const layout = makeLayout(m);
      for (const r of [0, 8, 31, 32, 52]) {
        const plan = planProbes(
          layout.widths,
          layout.widths.map((w) => w - 4),
          r,
          1e7,
          FORCE,
        );
        expect(plan).not.toBeNull();
        expect([...plan!].reduce((a, t) => a + t + 1, 0)).toBeGreaterThanOrEqual(r + 1);
      }
    }
    expect(planProbes(makeLayout(16).widths, Array(16).fill(14), 200, 1e6)).toBeNull();
  });
});
