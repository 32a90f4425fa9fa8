/**
 * @redress/hamming-index: exact Hamming-radius search over 256-bit PDQ codes, in pure
 * TypeScript for Node and browsers. `MultiIndexHash` is the fast index, `LinearScanIndex`
 * the reference with the same `HammingIndex` interface; both read and write one format.
 */
export {
  WORDS,
  codeToHex,
  codesFromHex,
  hammingDistance,
  hexDistance,
  hexToCode,
  popcount32,
  toCode,
  writeHex,
  type HashInput,
} from './codes.ts';
export { crc32 } from './crc32.ts';
export { IndexFormatError, type IndexErrorCode } from './errors.ts';
export { LinearScanIndex, linearScanFactory } from './linear.ts';
export { MultiIndexHash, defaultChunks, multiIndexFactory, type MultiIndexOptions } from './multi-index.ts';
export { makeLayout, planProbes, probeMasks, type CostModel, type Layout } from './chunks.ts';
export { FORMAT_VERSION } from './serialize.ts';
export type { HammingIndex, HammingIndexFactory, IdWidth, IndexOptions, Match } from './types.ts';
