/**
 * What Redress tells a hash network about one of its hashes, as matches happen and people decide
 * (StopNCII's CSP feedback values). The state only moves towards the stronger word: a block or a
 * confirmed match is `Blocked` and stays so; a match sent to review is `PendingReview` until
 * someone decides; a dismissal is `NotBlocked` unless another upload was blocked or confirmed on
 * the same hash. Each change is sent once.
 */
export type NetworkFeedback = 'PendingReview' | 'Blocked' | 'NotBlocked';
export type MatchEvent = 'blocked' | 'review' | 'confirmed' | 'dismissed';

/** The state after `event`, or null when the network's word stays what it was. */
export function nextFeedback(current: NetworkFeedback | null, event: MatchEvent): NetworkFeedback | null {
  const next: NetworkFeedback | null =
    event === 'blocked' || event === 'confirmed'
      ? 'Blocked'
      : event === 'review'
        ? current === null
          ? 'PendingReview'
          : null
        : current === 'PendingReview'
          ? 'NotBlocked'
          : null;
  return next === current ? null : next;
}

/** StopNCII's name for a hash Redress banked from it, from the entry's `source_ref`. */
export const STOPNCII_SOURCE = 'stopncii';
export function networkHashKey(sourceRef: string | null): { network: string; hashKey: string } | null {
  const at = sourceRef?.indexOf('#') ?? -1;
  if (!sourceRef || at < 0) return null;
  const network = sourceRef.slice(0, at);
  return network === STOPNCII_SOURCE ? { network, hashKey: sourceRef.slice(at + 1) } : null;
}
