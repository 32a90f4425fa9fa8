/**
 * A registry video keeps its frames as an upload's are sampled (5 a second). When it is the
 * removed video, the copy sweep and the takedown bank use one frame a second of it, as a banked
 * video has: the vPDQ rule asks for 80% of the *removed* video's frames, and a dense candidate
 * (the other registry videos, at 5 frames/s) has a sample within 0.1 s of each of them. Five times
 * the frames would cost five times the bank rows and searches for the same verdict.
 */

/**
 * The first frame, then each frame at least `seconds` after the last one kept (frames in time order).
 *
 * @example
 * thinFrames([{ seconds: 0 }, { seconds: 0.2 }, { seconds: 1 }], 1); // [{ seconds: 0 }, { seconds: 1 }]
 */
export function thinFrames<T extends { readonly seconds: number }>(frames: readonly T[], seconds = 1): T[] {
  const kept: T[] = [];
  // Sample times are rounded to the millisecond: 0.999 s after the last one counts as a second.
  const step = seconds - 0.001;
  for (const frame of frames) {
    if (kept.length === 0 || frame.seconds - kept[kept.length - 1].seconds >= step) kept.push(frame);
  }
  return kept;
}
