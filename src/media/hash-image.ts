/**
 * Plain PDQ of an image in its 8 orientations, within the decode limits: what `redress hash`
 * prints, and the registry part of fingerprint.ts, which adds the exact and match hashes. The
 * service's media arrives through use-cases/take-in-media.ts, which runs these on the hashing
 * threads (hash-task.ts).
 */
import { pdqHashDihedral, type Hash256, type PdqProfile, type PixelBuffer } from '@redress/pdq';
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
  return hashPixels(await decodeImage(bytes, limits), profile);
}

/** Decoded pixels' PDQ hashes; an image too small or flat to hash is refused. */
export function hashPixels(pixels: PixelBuffer, profile: PdqProfile = 'reference'): ImageHashes {
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
