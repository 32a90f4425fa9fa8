// The match policy: plain PDQ keeps its standard threshold (interop with other systems' hashes),
// derived variants are tighter and explainable.
import { describe, expect, it } from 'vitest';
import { fromHex } from '@redress/pdq';
import {
  MATCH_POLICY,
  bestMatch,
  describeVariant,
  explainMatch,
  judgePair,
  meetsPlainHashes,
  searchRadius,
} from '@redress/match';

const flip = (hex: string, bits: number) => {
  const hash = fromHex(hex);
  for (let k = 0; k < bits; k++) hash[k >> 4] ^= 1 << (k & 15);
  return hash;
};

describe('judgePair', () => {
  it('treats plain PDQ against plain PDQ exactly as PDQ does: <= 31 matches, confidently', () => {
    expect(judgePair('original', 'original', 31)).toBe('block');
    expect(judgePair('original/rot90', 'original', 31)).toBe('block');
    expect(judgePair('original', 'original', 32)).toBeNull();
  });

  it('is tighter for derived variants and has a review band', () => {
    expect(judgePair('whole', 'crop-15', MATCH_POLICY.derivedBlock)).toBe('block');
    expect(judgePair('whole', 'crop-15', MATCH_POLICY.derivedBlock + 1)).toBe('review');
    expect(judgePair('trimmed/whole', 'original', MATCH_POLICY.derivedReview)).toBe('review');
    expect(judgePair('whole', 'original', MATCH_POLICY.derivedReview + 1)).toBeNull();
    expect(searchRadius()).toBe(Math.max(31, MATCH_POLICY.derivedReview));
  });

  it('compares plain bank hashes with plain PDQ and upright whole pictures only', () => {
    expect(judgePair('whole', 'original', 10)).toBe('block');
    expect(judgePair('trimmed/whole', 'original', 10)).toBe('block');
    expect(judgePair('whole/rot90', 'original', 10)).toBeNull();
    expect(judgePair('inner-30', 'original', 10)).toBeNull();
    expect(judgePair('whole/rot90', 'crop-15', 10)).toBe('block'); // derived bank hashes meet every query
    expect(meetsPlainHashes('original/flipx')).toBe(true);
    expect(meetsPlainHashes('trimmed/inner-30')).toBe(false);
  });
});

describe('bestMatch', () => {
  it('matches an external plain hash (a bank item with only an original) as before', () => {
    const external = [{ variant: 'original', hash: fromHex('a5'.repeat(32)) }];
    const near = [{ variant: 'original', hash: flip('a5'.repeat(32), 20) }];
    const far = [{ variant: 'original', hash: flip('a5'.repeat(32), 40) }];
    expect(bestMatch(near, external)).toMatchObject({ verdict: 'block', distance: 20 });
    expect(bestMatch(far, external)).toBeNull();
  });

  it('prefers a confident match over a closer review and explains it', () => {
    const item = [
      { variant: 'original', hash: flip('0f'.repeat(32), 30) },
      { variant: 'crop-15', hash: flip('0f'.repeat(32), 12) },
    ];
    const query = [
      { variant: 'original', hash: fromHex('0f'.repeat(32)) },
      { variant: 'whole', hash: fromHex('0f'.repeat(32)) },
    ];
    const match = bestMatch(query, item)!;
    expect(match).toMatchObject({ verdict: 'block', bankVariant: 'crop-15', distance: 12 });
    expect(explainMatch(match, 'item 3')).toBe('matched the 15% centre crop of item 3, distance 12 (block)');
    expect(describeVariant('trimmed/rot-3')).toBe('the picture inside its frame, tilted -3 degrees');
  });
});
