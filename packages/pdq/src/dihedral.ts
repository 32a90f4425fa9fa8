/**
 * The 8 rotations and flips of a picture, derived from one 16x16 DCT by sign flips and
 * transposes (index i stands for frequency i+1, so signs flip on even indices), then each
 * thresholded at its own median. Matching an upload against all 8 finds rotated and mirrored
 * copies without hashing 8 images.
 */
import { thresholdAtMedian, type Hash256 } from './hash256.ts';

/** Column order of the reference tool's `--pdqdih-across` output. */
export const DIHEDRAL_NAMES = [
  'orig',
  'rot90',
  'rot180',
  'rot270',
  'flipx',
  'flipy',
  'flipplus1',
  'flipminus1',
] as const;

export type DihedralName = (typeof DIHEDRAL_NAMES)[number];

const odd = (n: number) => (n & 1) === 1;

/** For A[i][j]: where the value lands (transposed or not) and with which sign. */
const TRANSFORMS: Record<DihedralName, { transpose: boolean; sign: (i: number, j: number) => number }> = {
  orig: { transpose: false, sign: () => 1 },
  rot90: { transpose: true, sign: (_i, j) => (odd(j) ? 1 : -1) },
  rot180: { transpose: false, sign: (i, j) => (odd(i + j) ? -1 : 1) },
  rot270: { transpose: true, sign: (i) => (odd(i) ? 1 : -1) },
  flipx: { transpose: false, sign: (i) => (odd(i) ? 1 : -1) },
  flipy: { transpose: false, sign: (_i, j) => (odd(j) ? 1 : -1) },
  flipplus1: { transpose: true, sign: () => 1 },
  flipminus1: { transpose: true, sign: (i, j) => (odd(i + j) ? -1 : 1) },
};

/**
 * All 8 hashes, in DIHEDRAL_NAMES order, from the DCT output of the original orientation.
 *
 * @example
 * const hashes = dihedralHashes(new Float32Array(256)); // 8 hashes
 */
export function dihedralHashes(dct: Float32Array): Hash256[] {
  return DIHEDRAL_NAMES.map((name) => {
    const { transpose, sign } = TRANSFORMS[name];
    const b = new Float32Array(256);
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        b[transpose ? j * 16 + i : i * 16 + j] = sign(i, j) * dct[i * 16 + j];
      }
    }
    return thresholdAtMedian(b);
  });
}
