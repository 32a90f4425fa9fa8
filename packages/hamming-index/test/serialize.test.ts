import { describe, expect, it } from 'vitest';
import {
  FORMAT_VERSION,
  IndexFormatError,
  LinearScanIndex,
  MultiIndexHash,
  linearScanFactory,
  multiIndexFactory,
  type HammingIndex,
} from '../src/index.ts';
import { mixedQueries, rng32, uniformCodes } from './gen.ts';

function sample(idWidth: 32 | 64 = 32): { index: MultiIndexHash; codes: Uint32Array } {
  const rng = rng32(5);
  const codes = uniformCodes(1200, rng);
  const ids = Array.from({ length: 1200 }, (_, i) => (idWidth === 64 ? 2 ** 45 + i : i * 7));
  return { index: MultiIndexHash.build(codes, ids, { idWidth }), codes };
}

function codeOf(e: unknown): string | undefined {
  return e instanceof IndexFormatError ? e.code : undefined;
}

function failure(bytes: Uint8Array): string | undefined {
  try {
    MultiIndexHash.deserialize(bytes);
  } catch (e) {
    return codeOf(e);
  }
  return undefined;
}

describe('serialisation', () => {
  for (const idWidth of [32, 64] as const) {
    it(`round-trips through both implementations (ids ${idWidth} bits)`, () => {
      const { index, codes } = sample(idWidth);
      index.remove(index.query(codes.subarray(0, 8), 0)[0].id);
      index.add('ab'.repeat(32), 77);
      const bytes = index.serialize();
      expect(bytes.length).toBe(16 + 1200 * (32 + idWidth / 8) + 4);
      const back: HammingIndex[] = [MultiIndexHash.deserialize(bytes), LinearScanIndex.deserialize(bytes)];
      const queries = mixedQueries(codes, uniformCodes(20, rng32(6)), 40, 30, rng32(7));
      for (const other of back) {
        expect(other.size).toBe(index.size);
        for (let k = 0; k < 40; k++) {
          const q = queries.subarray(k * 8, k * 8 + 8);
          expect(other.query(q, 31)).toEqual(index.query(q, 31));
        }
        const again = other.serialize();
        expect(again.length).toBe(bytes.length);
        expect(again.findIndex((b, i) => b !== bytes[i])).toBe(-1);
      }
    });
  }

  it('round-trips an empty index, and loads from an unaligned view', () => {
    const empty = new MultiIndexHash().serialize();
    expect(MultiIndexHash.deserialize(empty).size).toBe(0);
    const bytes = sample().index.serialize();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(MultiIndexHash.deserialize(shifted.subarray(1)).size).toBe(1200);
  });

  it('rejects truncated input with INDEX_TRUNCATED', () => {
    const bytes = sample().index.serialize();
    for (const len of [0, 3, 10, 19, 100, bytes.length - 1]) {
      expect(failure(bytes.subarray(0, len)), `length ${len}`).toBe('INDEX_TRUNCATED');
    }
  });

  it('rejects flipped bits, bad magic and trailing bytes with INDEX_CORRUPT', () => {
    const bytes = sample().index.serialize();
    const rng = rng32(11);
    for (let i = 0; i < 30; i++) {
      const copy = bytes.slice();
      const at = 8 + (rng() % (bytes.length - 8));
      copy[at] ^= 1 << (rng() & 7);
      const code = failure(copy);
      // A flip in the count field changes the expected length, which reads as truncation.
      expect(['INDEX_CORRUPT', 'INDEX_TRUNCATED'], `byte ${at}`).toContain(code);
      if (at >= 12) expect(code, `byte ${at}`).toBe('INDEX_CORRUPT');
    }
    const magic = bytes.slice();
    magic[0] = 0x50;
    expect(failure(magic)).toBe('INDEX_CORRUPT');
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(failure(longer)).toBe('INDEX_CORRUPT');
  });

  it('rejects another format version with INDEX_VERSION', () => {
    const bytes = sample().index.serialize();
    bytes[4] = FORMAT_VERSION + 1;
    let caught: unknown;
    try {
      LinearScanIndex.deserialize(bytes);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(IndexFormatError);
    expect(caught).toBeInstanceOf(Error);
    expect(codeOf(caught)).toBe('INDEX_VERSION');
    expect((caught as Error).message).toMatch(/version/);
  });

  it('lets the service swap implementations behind one interface', () => {
    const { codes } = sample();
    const ids = Array.from({ length: 1200 }, (_, i) => i);
    let live: HammingIndex = linearScanFactory.build(codes, ids);
    const before = live.query(codes.subarray(8, 16), 31);
    live = multiIndexFactory.deserialize(live.serialize());
    expect(live.query(codes.subarray(8, 16), 31)).toEqual(before);
    expect(multiIndexFactory.empty().size).toBe(0);
  });
});
