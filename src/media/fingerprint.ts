/**
 * What Redress keeps and compares of an image, from its bytes: SHA-256 and MD5 (exact copies,
 * E1), plain PDQ with its 8 dihedral variants (hash-image.ts: the registry, and what other
 * systems exchange), and the @redress/match hashes, `bankVariants` when an image is banked and
 * `queryHashes` when an upload is checked. The hashing threads run these (hash-task.ts); media
 * reaches them through use-cases/take-in-media.ts. The media itself is never kept.
 */
import { createHash } from 'node:crypto';
import { bankVariants, isPlainVariant, queryHashes } from '@redress/match';
import { toHex } from '@redress/pdq';
import type { PixelBuffer } from '@redress/pdq';
import { decodeImage, DEFAULT_DECODE_LIMITS } from './decode-image.ts';
import type { DecodeLimits } from './decode-image.ts';
import { hashPixels } from './hash-image.ts';
import type { UploadMatching } from '../platform/copies-config.ts';

export interface NamedHash {
  readonly variant: string;
  readonly hex: string;
  readonly quality: number;
}

export interface ExactHashes {
  readonly sha256: string;
  readonly md5: string;
}

export interface RegistryHashes extends ExactHashes {
  readonly pdq: string;
  /** In DIHEDRAL_NAMES order; [0] is `pdq`. */
  readonly dihedral: string[];
  readonly quality: number;
  /** The derived query variants a check would make of this image as an upload (the plain ones
   *  are `dihedral`), so the copy sweep can compare it as a check would. */
  readonly queries: NamedHash[];
}

export function exactHashes(bytes: Uint8Array): ExactHashes {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
  };
}

export async function decode(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Promise<PixelBuffer> {
  return decodeImage(bytes, limits);
}

/** What the registry stores of a platform item. */
export async function registryHashes(
  bytes: Uint8Array,
  limits?: DecodeLimits,
  matching: UploadMatching = 'edits',
): Promise<RegistryHashes> {
  const pixels = await decode(bytes, limits);
  const plain = hashPixels(pixels, 'reference');
  const dihedral = plain.dihedral.map(toHex);
  const queries = queryHashesOf(pixels, matching).filter((q) => !isPlainVariant(q.variant));
  return { ...exactHashes(bytes), pdq: dihedral[0], dihedral, quality: plain.quality, queries };
}

/** The hashes banked for an image: the plain PDQ hash and the derived variants, each named. */
export function bankHashesOf(pixels: PixelBuffer): NamedHash[] {
  return bankVariants(pixels).map((v) => ({ variant: v.variant, hex: toHex(v.hash), quality: v.quality }));
}

/** The few hashes an upload is checked with (REDRESS_UPLOAD_MATCHING). */
export function queryHashesOf(pixels: PixelBuffer, matching: UploadMatching = 'edits'): NamedHash[] {
  return queryHashes(pixels, { derived: matching === 'edits' }).map((v) => ({
    variant: v.variant,
    hex: toHex(v.hash),
    quality: v.quality,
  }));
}
