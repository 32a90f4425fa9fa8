/**
 * When a pair of hashes counts as a match, and how sure we are. Plain PDQ against plain PDQ keeps
 * the standard rule (distance <= 31, confident), so hashes from StopNCII, HMA or NCMEC lists, which
 * carry only an 'original', behave exactly as before. Every other pair involves a derived variant
 * (a trimmed picture, a crop, a tilt, the stable grid hash): an upload gets many more chances to hit
 * one of those, so the confident threshold is tighter and a band above it only asks a person to
 * review. The thresholds were set on the robustness corpus and checked against 100,000+ hashes of
 * unrelated images (see docs/ARCHITECTURE.md, "Edit-robust matching").
 */
import { hammingDistance, type Hash256 } from '@redress/pdq';

export type Verdict = 'block' | 'review';

export interface MatchPolicy {
  /** Plain PDQ to plain PDQ: at or under this, a confident match (PDQ's standard 31). */
  readonly plainBlock: number;
  /** Any pair with a derived variant: at or under this, a confident match. */
  readonly derivedBlock: number;
  /** ... at or under this (and over derivedBlock), a match for a person to review. */
  readonly derivedReview: number;
}

export const MATCH_POLICY: MatchPolicy = Object.freeze({
  plainBlock: 31,
  derivedBlock: 24,
  derivedReview: 40,
});

/**
 * Variants that are plain PDQ hashes of the file as it is (in some orientation).
 *
 * @example
 * isPlainVariant('original/rot90'); // true
 * isPlainVariant('trimmed/whole'); // false
 */
export function isPlainVariant(variant: string): boolean {
  return variant === 'original' || variant.startsWith('original/');
}

/**
 * Whether an upload hash is compared with plain bank hashes at all (the only kind an imported list
 * carries). Plain PDQ in its 8 orientations is, and so is the upright grid hash of the whole picture
 * and of the picture inside a frame: a bordered or re-encoded copy of a listed image. The rotated grid
 * hashes and the inner crops are there to meet the crops and tilts banked here; against a lone plain
 * hash they cost seven searches at the review radius per upload and found 6 of 576 corpus copies,
 * all rotations, which plain PDQ's own orientations match as other systems do (ARCHITECTURE.md).
 *
 * @example
 * meetsPlainHashes('original/flipx'); // true
 * meetsPlainHashes('trimmed/whole'); // true
 * meetsPlainHashes('whole/rot90'); // false
 */
export function meetsPlainHashes(queryVariant: string): boolean {
  return isPlainVariant(queryVariant) || queryVariant === 'whole' || queryVariant === 'trimmed/whole';
}

/**
 * The verdict for one (upload hash, bank hash) pair, or null for no match.
 *
 * @example
 * judgePair('original/rot90', 'original', 30); // 'block': plain PDQ, standard threshold
 * judgePair('trimmed/whole', 'crop-15', 30); // 'review'
 * judgePair('whole', 'rot+3', 52); // null
 * judgePair('inner-30', 'original', 10); // null: inner crops meet banked crops and tilts only
 */
export function judgePair(
  queryVariant: string,
  bankVariant: string,
  distance: number,
  policy: MatchPolicy = MATCH_POLICY,
): Verdict | null {
  if (isPlainVariant(bankVariant)) {
    if (isPlainVariant(queryVariant)) return distance <= policy.plainBlock ? 'block' : null;
    if (!meetsPlainHashes(queryVariant)) return null;
  }
  if (distance <= policy.derivedBlock) return 'block';
  return distance <= policy.derivedReview ? 'review' : null;
}

/**
 * The Hamming radius an index search must use so that judgePair sees every candidate.
 *
 * @example
 * searchRadius(); // 40
 */
export function searchRadius(policy: MatchPolicy = MATCH_POLICY): number {
  return Math.max(policy.plainBlock, policy.derivedBlock, policy.derivedReview);
}

export interface PairMatch {
  readonly verdict: Verdict;
  readonly queryVariant: string;
  readonly bankVariant: string;
  readonly distance: number;
}

/**
 * The strongest match between an upload's hashes and ONE banked item's hashes: a 'block' beats a
 * 'review', then the smaller distance wins. For small banks and tests; a service searches its
 * index with searchRadius() and calls judgePair on the candidates instead.
 *
 * @example
 * const h = new Uint16Array(16);
 * bestMatch([{ variant: 'original', hash: h }], [{ variant: 'original', hash: h }]); // { verdict: 'block', distance: 0, ... }
 */
export function bestMatch(
  query: ReadonlyArray<{ readonly variant: string; readonly hash: Hash256 }>,
  item: ReadonlyArray<{ readonly variant: string; readonly hash: Hash256 }>,
  policy: MatchPolicy = MATCH_POLICY,
): PairMatch | null {
  let best: PairMatch | null = null;
  for (const q of query) {
    for (const b of item) {
      const distance = hammingDistance(q.hash, b.hash);
      const verdict = judgePair(q.variant, b.variant, distance, policy);
      if (!verdict) continue;
      const better =
        !best ||
        (verdict === 'block' && best.verdict === 'review') ||
        (verdict === best.verdict && distance < best.distance);
      if (better) best = { verdict, queryVariant: q.variant, bankVariant: b.variant, distance };
    }
  }
  return best;
}

/**
 * A sentence for the console: which stored variant of which item matched, and how closely.
 *
 * @example
 * explainMatch({ verdict: 'review', queryVariant: 'whole', bankVariant: 'crop-15', distance: 12 }, 'item 3');
 * // 'matched the 15% centre crop of item 3, distance 12 (review)'
 */
export function explainMatch(match: PairMatch, itemLabel: string): string {
  return `matched ${describeVariant(match.bankVariant)} of ${itemLabel}, distance ${match.distance} (${match.verdict})`;
}

/**
 * Words for a variant name.
 *
 * @example
 * describeVariant('trimmed/rot-3'); // 'the picture inside its frame, tilted -3 degrees'
 */
export function describeVariant(variant: string): string {
  const [frame, name] = variant.startsWith('trimmed/')
    ? ['the picture inside its frame', variant.slice(8)]
    : ['the image', variant];
  if (name === 'original') return 'the plain PDQ hash';
  if (name === 'whole') return frame === 'the image' ? 'the whole picture' : frame;
  const crop = /^(?:crop|inner)-(\d+)$/.exec(name);
  if (crop)
    return frame === 'the image' ? `the ${crop[1]}% centre crop` : `${frame}, ${crop[1]}% centre crop`;
  const tilt = /^rot([+-]\d+)$/.exec(name);
  if (tilt) return `${frame}, tilted ${tilt[1]} degrees`;
  return `${frame} (${name})`;
}
