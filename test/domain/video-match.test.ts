/**
 * The vPDQ stay-down rule, pure: a banked video matches when 80% of its frames are found in the
 * upload, whatever share of the upload that is; each banked frame counts once however many upload
 * frames find it; every entry is judged on its own frame count.
 */
import { describe, expect, it } from 'vitest';
import { VIDEO_MATCH_SHARE, judgeVideoEntries } from '../../src/domain/video-match.ts';
import type { FramePair } from '../../src/domain/video-match.ts';

/** Banked frames `frames` of entry `entryId` each found by one upload frame, at `distance`. */
const found = (entryId: string, frames: number[], distance = 10, uploadFrom = 0): FramePair[] =>
  frames.map((bankFrameId, i) => ({ entryId, bankFrameId, uploadFrame: uploadFrom + i, distance }));

describe('judgeVideoEntries', () => {
  it('matches at 80% of the banked frames and not below', () => {
    expect(VIDEO_MATCH_SHARE).toBe(0.8);
    const counts = new Map([['a', 10]]);
    expect(judgeVideoEntries(found('a', [1, 2, 3, 4, 5, 6, 7, 8]), counts, 8)).toHaveLength(1);
    expect(judgeVideoEntries(found('a', [1, 2, 3, 4, 5, 6, 7]), counts, 7)).toEqual([]);
  });

  it('does not need the upload to be mostly the banked video', () => {
    const [m] = judgeVideoEntries(found('a', [1, 2, 3, 4], 10, 50), new Map([['a', 4]]), 200);
    expect(m).toMatchObject({ bankedShare: 1, uploadShare: 0.02, firstUploadFrame: 50, lastUploadFrame: 53 });
  });

  it('counts a banked frame once however many upload frames find it', () => {
    const repeated: FramePair[] = [0, 1, 2, 3, 4].map((uploadFrame) => ({
      entryId: 'a',
      bankFrameId: 7,
      uploadFrame,
      distance: 20 - uploadFrame,
    }));
    expect(judgeVideoEntries(repeated, new Map([['a', 5]]), 5)).toEqual([]);
    const [m] = judgeVideoEntries(repeated, new Map([['a', 1]]), 5);
    expect(m).toMatchObject({ bankedMatched: 1, uploadMatched: 5, distance: 16 });
  });

  it('judges each entry on its own frames and reports the median distance, best share first', () => {
    const pairs = [
      ...found('long', [1, 2, 3], 12),
      ...found('short', [9, 10], 4),
      { ...found('short', [11])[0], distance: 30 },
    ];
    const result = judgeVideoEntries(
      pairs,
      new Map([
        ['long', 30],
        ['short', 3],
      ]),
      10,
    );
    expect(result.map((m) => [m.entryId, m.bankedShare, m.distance])).toEqual([['short', 1, 4]]);
  });

  it('ignores an entry whose frame count is unknown (withdrawn or gone)', () => {
    expect(judgeVideoEntries(found('a', [1]), new Map(), 1)).toEqual([]);
  });
});
