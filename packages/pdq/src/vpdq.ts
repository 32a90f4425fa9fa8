/**
 * vPDQ: a video as the bag of PDQ hashes of its frames, in the reference's text format
 * (`frame_number,quality,pdq_hex,timestamp_seconds`, one line a frame), and the reference's
 * matching rule: over unique frames of quality >= F, the share of the compared video's frames
 * that have a query frame within distance D, and the share of the query's frames matched.
 * Frames are an unordered bag, so cuts, re-ordering and extra footage do not prevent a match.
 */
import { fromHex, hammingDistance, toHex, type Hash256 } from './hash256.ts';

export interface VpdqFrame {
  readonly frameNumber: number;
  readonly quality: number;
  readonly hash: Hash256;
  readonly timestampSeconds: number;
}

export interface VpdqMatchOptions {
  /** Largest Hamming distance at which two frames match; default 31. */
  readonly distance?: number;
  /** Frames of lower quality are ignored on both sides; default 50. */
  readonly minQuality?: number;
}

export interface VpdqMatchResult {
  /** Share (0..1) of the query's unique frames that have a match in the compared video. */
  readonly queryMatched: number;
  /** Share (0..1) of the compared video's unique frames that have a match in the query. */
  readonly compareMatched: number;
}

/** @example formatVpdq([]); // '' */
export function formatVpdq(frames: readonly VpdqFrame[]): string {
  return frames
    .map((f) => `${f.frameNumber},${f.quality},${toHex(f.hash)},${f.timestampSeconds.toFixed(3)}\n`)
    .join('');
}

/**
 * Parses the text format; throws a RangeError naming the first bad line.
 *
 * @example
 * parseVpdq('0,100,' + 'ab'.repeat(32) + ',0.000\n')[0].quality; // 100
 */
export function parseVpdq(text: string): VpdqFrame[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, index) => {
      const [frame, quality, hex, seconds, extra] = line.split(',');
      const numbers = [Number(frame), Number(quality), Number(seconds)];
      if (extra !== undefined || hex === undefined || numbers.some((n) => !Number.isFinite(n))) {
        throw new RangeError(`vPDQ line ${index + 1} is not frame_number,quality,pdq_hex,timestamp_seconds`);
      }
      return {
        frameNumber: numbers[0],
        quality: numbers[1],
        hash: fromHex(hex),
        timestampSeconds: numbers[2],
      };
    });
}

/**
 * Drops each frame within `distance` of the last frame kept: a still scene costs one hash.
 *
 * @example
 * pruneFrames(frames, 0); // drops exact repeats of the previous kept frame
 */
export function pruneFrames(frames: readonly VpdqFrame[], distance: number): VpdqFrame[] {
  const kept: VpdqFrame[] = [];
  for (const frame of frames) {
    const last = kept.at(-1);
    if (!last || hammingDistance(last.hash, frame.hash) > distance) kept.push(frame);
  }
  return kept;
}

/**
 * @example
 * const { compareMatched } = matchVpdq(upload, banked);
 * const isCopy = compareMatched >= 0.8;
 */
export function matchVpdq(
  query: readonly VpdqFrame[],
  compare: readonly VpdqFrame[],
  options: VpdqMatchOptions = {},
): VpdqMatchResult {
  const distance = options.distance ?? 31;
  const minQuality = options.minQuality ?? 50;
  const q = uniqueHashes(query, minQuality);
  const c = uniqueHashes(compare, minQuality);
  const within = (a: Hash256, others: Hash256[]) => others.some((b) => hammingDistance(a, b) <= distance);
  const share = (from: Hash256[], to: Hash256[]) =>
    from.length === 0 ? 0 : from.filter((h) => within(h, to)).length / from.length;
  return { queryMatched: share(q, c), compareMatched: share(c, q) };
}

function uniqueHashes(frames: readonly VpdqFrame[], minQuality: number): Hash256[] {
  const seen = new Map<string, Hash256>();
  for (const frame of frames) {
    if (frame.quality >= minQuality) seen.set(toHex(frame.hash), frame.hash);
  }
  return [...seen.values()];
}
