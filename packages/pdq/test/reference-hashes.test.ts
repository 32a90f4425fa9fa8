/**
 * The pure core against the reference, on the reference's own pixels (ImageMagick's decoding,
 * as the C++ tool does): every hash, quality and dihedral hash of the fixture tables, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { pdqHash, pdqHashDihedral, toHex, type PixelBuffer } from '@redress/pdq';
import { decodeWithImageMagick } from '../../../test/support/pnm.ts';
import { PDQ_FIXTURES, referenceDihedralHashes, referenceHashes } from '../../../test/support/fixtures.ts';

const decoded = new Map<string, PixelBuffer>();
function pixelsOf(path: string): PixelBuffer {
  if (!decoded.has(path)) decoded.set(path, decodeWithImageMagick(PDQ_FIXTURES + path));
  return decoded.get(path)!;
}

function hexOrZero(result: ReturnType<typeof pdqHash>): string {
  return result.hashable ? toHex(result.hash) : '0'.repeat(64); // the reference prints zeros
}

describe.each(['reference', 'fullres'] as const)('profile %s', (profile) => {
  const rows = referenceHashes(profile);
  it('covers all 35 fixture images', () => expect(rows).toHaveLength(35));
  it.each(rows.map((row) => [row.path, row] as const))('%s', (_path, row) => {
    const result = pdqHash(pixelsOf(row.path), { profile });
    expect({ hash: hexOrZero(result), quality: result.quality }).toEqual({
      hash: row.hashes[0],
      quality: row.quality,
    });
  });
});

describe('dihedral hashes, profile reference', () => {
  const rows = referenceDihedralHashes();
  it('covers all 35 x 8 hashes', () => expect(rows.flatMap((row) => row.hashes)).toHaveLength(280));
  it.each(rows.map((row) => [row.path, row] as const))('%s', (_path, row) => {
    const result = pdqHashDihedral(pixelsOf(row.path));
    expect(result.hashable ? result.hashes.map(toHex) : []).toEqual(row.hashes);
    expect(result.quality).toBe(row.quality);
  });
});
