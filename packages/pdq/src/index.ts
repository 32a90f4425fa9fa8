/**
 * @redress/pdq: Meta's PDQ perceptual hash in pure TypeScript, bit for bit equal to the reference
 * C++ (`reference` profile) and to HMA's pdqhash binding (`fullres` profile). No dependencies and no
 * Node APIs: the same code hashes on the server and in a victim's browser.
 */
export { pdqHash, pdqHashDihedral, MIN_MATCH_QUALITY, PDQ_MATCH_THRESHOLD } from './pdq.ts';
export type { PdqOptions, PdqResult, PdqDihedralResult } from './pdq.ts';
export { DIHEDRAL_NAMES, dihedralHashes } from './dihedral.ts';
export type { DihedralName } from './dihedral.ts';
export { toHex, fromHex, isHexHash, hammingDistance, hexDistance } from './hash256.ts';
export type { Hash256 } from './hash256.ts';
export type { PixelBuffer, PdqProfile } from './pixels.ts';
export { formatVpdq, parseVpdq, pruneFrames, matchVpdq } from './vpdq.ts';
export type { VpdqFrame, VpdqMatchOptions, VpdqMatchResult } from './vpdq.ts';
