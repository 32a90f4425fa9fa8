import { describe, expect, it } from 'vitest';
import { formatVpdq, fromHex, matchVpdq, parseVpdq, pruneFrames, toHex, type VpdqFrame } from '@redress/pdq';

const A = 'a'.repeat(64);
const B = 'a'.repeat(63) + 'b'; // 1 bit from A
const C = '5'.repeat(64); // 256 bits from A
const frame = (frameNumber: number, hex: string, quality = 100): VpdqFrame => ({
  frameNumber,
  quality,
  hash: fromHex(hex),
  timestampSeconds: frameNumber / 30,
});

describe('vPDQ text format', () => {
  it('round-trips frame_number,quality,pdq_hex,timestamp_seconds lines', () => {
    const text = `0,100,${A},0.000\n1,42,${C},0.033\n`;
    expect(formatVpdq(parseVpdq(text))).toBe(text);
  });
  it('names the first bad line', () => {
    expect(() => parseVpdq(`0,100,${A},0.000\n1,100,${A}\n`)).toThrow(/line 2/);
    expect(() => parseVpdq(`0,100,zz,0.000\n`)).toThrow(RangeError);
  });
});

describe('pruneFrames', () => {
  it('keeps a frame only when it differs from the last kept one by more than the distance', () => {
    const kept = pruneFrames([frame(0, A), frame(1, B), frame(2, C), frame(3, A)], 2);
    expect(kept.map((f) => f.frameNumber)).toEqual([0, 2, 3]);
  });
});

describe('matchVpdq', () => {
  it('computes both shares over unique frames of sufficient quality', () => {
    const query = [frame(0, A), frame(1, A), frame(2, C)]; // unique: A, C
    const compare = [frame(0, B), frame(1, '0'.repeat(64)), frame(2, C, 10)]; // C is too low quality
    expect(matchVpdq(query, compare)).toEqual({ queryMatched: 0.5, compareMatched: 0.5 });
  });
  it('treats frames as an unordered bag and respects the distance', () => {
    const query = [frame(0, C), frame(1, A)];
    const compare = [frame(0, B), frame(1, C)];
    expect(matchVpdq(query, compare)).toEqual({ queryMatched: 1, compareMatched: 1 });
    expect(matchVpdq(query, compare, { distance: 0 })).toEqual({ queryMatched: 0.5, compareMatched: 0.5 });
  });
  it('gives 0 when no frame qualifies', () => {
    expect(matchVpdq([frame(0, A, 0)], [frame(0, A)])).toEqual({ queryMatched: 0, compareMatched: 0 });
    expect(toHex(fromHex(A))).toBe(A);
  });
});
