/**
 * The vPDQ rule for stay-down, per banked video: a video is a bag of frame hashes, and an upload
 * copies a banked video when at least 80% of the banked video's frames have an upload frame within
 * the bank's threshold. The share of the upload's own frames that match is reported but not
 * required (the reference's Pq = 0): a copy inside a longer upload, with footage added before or
 * after it, is still the banked video. Frame order is ignored, so cuts and re-ordering do not help.
 */

/** Share of a banked video's frames that must be found in an upload. */
export const VIDEO_MATCH_SHARE = 0.8;

/** One banked frame within the bank's threshold of one upload frame. */
export interface FramePair {
  readonly entryId: string;
  readonly bankFrameId: number;
  /** Position of the upload frame in the upload's frame list. */
  readonly uploadFrame: number;
  readonly distance: number;
}

export interface VideoEntryMatch {
  readonly entryId: string;
  readonly bankedFrames: number;
  readonly bankedMatched: number;
  /** bankedMatched / bankedFrames, 0..1. */
  readonly bankedShare: number;
  readonly uploadFrames: number;
  readonly uploadMatched: number;
  /** uploadMatched / uploadFrames, 0..1. */
  readonly uploadShare: number;
  /** Median, over the banked frames found, of the distance to their nearest upload frame. */
  readonly distance: number;
  /** First and last upload frame that matched (positions in the upload's frame list). */
  readonly firstUploadFrame: number;
  readonly lastUploadFrame: number;
}

/**
 * Entries whose banked frames are found in the upload at `minShare` or more, best first.
 *
 * @example
 * judgeVideoEntries(pairs, new Map([['e1', 10]]), 40); // [{ entryId: 'e1', bankedShare: 0.9, ... }]
 */
export function judgeVideoEntries(
  pairs: readonly FramePair[],
  bankedFrameCounts: ReadonlyMap<string, number>,
  uploadFrames: number,
  minShare = VIDEO_MATCH_SHARE,
): VideoEntryMatch[] {
  const byEntry = new Map<string, { nearest: Map<number, number>; upload: Set<number> }>();
  for (const p of pairs) {
    let e = byEntry.get(p.entryId);
    if (!e) byEntry.set(p.entryId, (e = { nearest: new Map(), upload: new Set() }));
    e.nearest.set(p.bankFrameId, Math.min(p.distance, e.nearest.get(p.bankFrameId) ?? Infinity));
    e.upload.add(p.uploadFrame);
  }
  const matches: VideoEntryMatch[] = [];
  for (const [entryId, e] of byEntry) {
    const bankedFrames = bankedFrameCounts.get(entryId) ?? 0;
    if (bankedFrames === 0) continue;
    const bankedShare = e.nearest.size / bankedFrames;
    if (bankedShare < minShare) continue;
    const found = [...e.upload];
    matches.push({
      entryId,
      bankedFrames,
      bankedMatched: e.nearest.size,
      bankedShare,
      uploadFrames,
      uploadMatched: e.upload.size,
      uploadShare: uploadFrames === 0 ? 0 : e.upload.size / uploadFrames,
      distance: median([...e.nearest.values()]),
      firstUploadFrame: Math.min(...found),
      lastUploadFrame: Math.max(...found),
    });
  }
  return matches.sort((a, b) => b.bankedShare - a.bankedShare || a.distance - b.distance);
}

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
