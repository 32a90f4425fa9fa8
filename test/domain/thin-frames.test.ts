/**
 * A removed registry video is banked and searched with one frame a second of its 5-a-second frames.
 */
import { describe, expect, it } from 'vitest';
import { thinFrames } from '../../src/domain/thin-frames.ts';

const at = (...seconds: number[]) => seconds.map((s) => ({ seconds: s }));

describe('thinFrames', () => {
  it('keeps the first frame and then one a second', () => {
    expect(thinFrames(at(0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 2.4, 2.6, 3.4))).toEqual(at(0, 1, 2.4, 3.4));
  });
  it('counts a sample rounded to the millisecond below the second as a second later', () => {
    expect(thinFrames(at(0.2, 1.199, 1.4))).toEqual(at(0.2, 1.199));
  });
  it('keeps everything when frames are further apart, nothing from nothing', () => {
    expect(thinFrames(at(0, 3, 7))).toEqual(at(0, 3, 7));
    expect(thinFrames([])).toEqual([]);
  });
});
