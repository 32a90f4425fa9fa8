/**
 * Reads an image file within the limits and hashes it with PDQ: the one path every caller (CLI,
 * HTTP uploads, bank imports) takes from bytes to hashes.
 */
import { readFile, stat } from 'node:fs/promises';
import { pdqHashDihedral, type Hash256, type PdqProfile } from '@redress/pdq';
import { decodeImage, DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decode-image.ts';
import { MediaError } from './media-error.ts';

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
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new MediaError('MEDIA_NOT_FOUND', 'no such file');
    },
  );
  if (size > limits.maxBytes) {
    throw new MediaError('MEDIA_TOO_LARGE', `file is ${size} bytes, the limit is ${limits.maxBytes}`);
  }
  return hashImageBytes(await readFile(file), profile, limits);
}
