/**
 * The PDQ pipeline on a decoded pixel buffer: luma, Jarosz filter, 64x64 decimation, quality,
 * DCT, median threshold. Images with a side under 5 px cannot be hashed; the result says so
 * instead of handing out the all-zero hash the reference prints for them.
 */
import { dct64To16, pdqQuality } from './dct.ts';
import { dihedralHashes } from './dihedral.ts';
import { thresholdAtMedian, type Hash256 } from './hash256.ts';
import { jaroszDecimate } from './jarosz.ts';
import { REFERENCE_MAX_SIDE, toLuma, type PdqProfile, type PixelBuffer } from './pixels.ts';

/** Below this quality a hash is not banked or matched (HMA's rule). */
export const MIN_MATCH_QUALITY = 50;
/** Hamming distance at or below which two PDQ hashes are taken to show the same picture. */
export const PDQ_MATCH_THRESHOLD = 31;
const MIN_SIDE = 5;

export interface PdqOptions {
  /** Defaults to `reference`, the C++ tool's hashes. */
  readonly profile?: PdqProfile;
}

export type PdqResult =
  | {
      readonly hashable: true;
      readonly hash: Hash256;
      readonly quality: number;
      readonly profile: PdqProfile;
    }
  | {
      readonly hashable: false;
      readonly reason: 'too-small';
      readonly quality: 0;
      readonly profile: PdqProfile;
    };

export type PdqDihedralResult =
  | (Omit<Extract<PdqResult, { hashable: true }>, 'hash'> & { readonly hashes: Hash256[] })
  | Extract<PdqResult, { hashable: false }>;

/**
 * Hash a picture.
 *
 * @example
 * const pixels = { data: new Uint8Array(64 * 64).map((_, i) => i % 251), width: 64, height: 64, channels: 1 as const };
 * const result = pdqHash(pixels);
 * if (result.hashable) console.log(result.quality);
 */
export function pdqHash(pixels: PixelBuffer, options: PdqOptions = {}): PdqResult {
  const core = dctOf(pixels, options.profile ?? 'reference');
  if (!core.hashable) return core;
  return { hashable: true, hash: thresholdAtMedian(core.dct), quality: core.quality, profile: core.profile };
}

/**
 * Hash a picture in its 8 orientations (see DIHEDRAL_NAMES), from one DCT.
 *
 * @example
 * const pixels = { data: new Uint8Array(8 * 8 * 3), width: 8, height: 8, channels: 3 as const };
 * pdqHashDihedral(pixels); // 8 hashes, quality 0 for a black square
 */
export function pdqHashDihedral(pixels: PixelBuffer, options: PdqOptions = {}): PdqDihedralResult {
  const core = dctOf(pixels, options.profile ?? 'reference');
  if (!core.hashable) return core;
  return { hashable: true, hashes: dihedralHashes(core.dct), quality: core.quality, profile: core.profile };
}

type DctResult =
  | { hashable: true; dct: Float32Array; quality: number; profile: PdqProfile }
  | Extract<PdqResult, { hashable: false }>;

/**
 * Work space for pictures hashed at up to 512x512 (every `reference` hash): luma and filter
 * scratch. Two fresh 1 MB arrays per hash cost page faults and garbage collections (measured:
 * 5-10% of a hash). Sharing them between calls is safe: dctOf runs to completion without
 * yielding (each worker thread has its own copy of this module) and returns nothing that points
 * into them. Larger pictures get their own arrays.
 */
let workSpace: { luma: Float32Array; scratch: Float32Array } | undefined;

function dctOf(pixels: PixelBuffer, profile: PdqProfile): DctResult {
  if (pixels.width < MIN_SIDE || pixels.height < MIN_SIDE) {
    return { hashable: false, reason: 'too-small', quality: 0, profile };
  }
  const size = REFERENCE_MAX_SIDE * REFERENCE_MAX_SIDE;
  workSpace ??= { luma: new Float32Array(size), scratch: new Float32Array(size) };
  const { luma, width, height } = toLuma(pixels, profile, workSpace.luma);
  const grid = width === 64 && height === 64 ? luma : jaroszDecimate(luma, width, height, workSpace.scratch);
  return { hashable: true, dct: dct64To16(grid), quality: pdqQuality(grid), profile };
}
