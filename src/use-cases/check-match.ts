/**
 * What an upload check answers: a verdict and, per matching bank entry, how it matched and
 * why, in words. Its own module so the image and video matchers both speak it without importing
 * each other.
 */
import type { MatchKind } from '../domain/copy-events.ts';

export type CheckVerdict = 'block' | 'review' | 'allow';

export interface CheckMatch {
  bank: string;
  entry: string;
  kind: MatchKind;
  variant: string;
  queryVariant: string | null;
  distance: number;
  verdict: 'block' | 'review';
  requestId: string | null;
  itemId: string | null;
  explanation: string;
  /** Where the entry's hashes came from (a request here, a network or partner, with its origin). */
  source: string;
  /** For `vpdq` matches: how much of the banked video the upload holds, and of the upload. */
  video?: {
    bankedShare: number;
    uploadShare: number;
    bankedFrames: number;
    uploadFrames: number;
  };
}
