/**
 * Reads an image file within the limits and hashes it with PDQ: the one path every caller (CLI,
 * HTTP uploads, bank imports) takes from bytes to hashes.
 */
import { pdqHashDihedral, type Hash256, type PdqProfile } from '@redress/pdq';
import { decodeImage, DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decode-image.ts';
import { MediaError } from './media-error.ts';
import { readImageFile } from './read-image-file.ts';

export interface ImageHashes {
  /** In DIHEDRAL_NAMES order; index 0 is the picture as stored. */
  readonly dihedral: Hash256[];
  readonly quality: number;
  readonly profile: PdqProfile;
}

export async function hashImageBytes(
  bytes: Uint8Array,
  profile: PdqProfile = 'reference',
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Promise<ImageHashes> {
  const pixels = await decodeImage(bytes, limits);
  const result = pdqHashDihedral(pixels, { profile });
  if (!result.hashable) {
    throw new MediaError(
      'MEDIA_UNHASHABLE',
      `${pixels.width}x${pixels.height} is too small to hash (min 5x5)`,
    );
  }
  return { dihedral: result.hashes, quality: result.quality, profile };
}

export async function hashImageFile(
  file: string,
  profile: PdqProfile = 'reference',
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Promise<ImageHashes> {
  return hashImageBytes(await readImageFile(file, limits), profile, limits);
}
