/**
 * Defences against poisoned or flooded shared lists. A shared list can carry a wrong hash (a
 * common image, a malicious entry) that would block legitimate uploads; these rules keep such a
 * hash from blocking while a person looks:
 * - an entry quarantined for flooding only sends its matches to review;
 * - an upload whose PDQ quality is under the floor never blocks on a network's or partner's hash
 *   (low-quality hashes of flat or tiny images collide easily);
 * - a match of an allow bank (known false positives: a logo, a meme template) suppresses the rest.
 */
export interface HitFacts {
  quarantined: boolean;
  /** The entry came from a network or partner list, not from this platform. */
  shared: boolean;
  /** PDQ quality of the upload's hash (null for exact hashes). */
  queryQuality: number | null;
}

export function guardedVerdict(
  verdict: 'block' | 'review',
  facts: HitFacts,
  qualityFloor: number,
): 'block' | 'review' {
  if (verdict === 'review') return verdict;
  if (facts.quarantined) return 'review';
  if (facts.shared && facts.queryQuality !== null && facts.queryQuality < qualityFloor) return 'review';
  return verdict;
}

/** Whether an entry's blocks within the window came from enough different uploaders to be a flood. */
export const isFlood = (uploaders: number, limit: number): boolean => uploaders >= limit;

export const FLOOD_WINDOW_MS = 60_000;
export const ALLOW_BANK_KIND = 'allow';
