/**
 * @redress/match: matching over PDQ that survives what re-uploaders do (borders, letterboxing,
 * screenshot frames, crops, captions, small tilts) while plain PDQ hashes from other systems keep
 * matching as before. Pure TypeScript on pixel buffers, no Node APIs: it runs in browsers too.
 */
export { areaGrid, gridHash, gridDihedral } from './grid-hash.ts';
export type { Region, GridHash } from './grid-hash.ts';
export {
  bankVariants,
  queryHashes,
  MATCH_PIPELINE_VERSION,
  BANK_CROPS,
  BANK_TILTS,
  INNER_CROP,
} from './variants.ts';
export type { HashVariant, VariantOptions } from './variants.ts';
export { contentBox, isTrimmed } from './trim.ts';
export type { TrimOptions } from './trim.ts';
export {
  workingImage,
  cropGrey,
  centreBox,
  rotatedCentre,
  toPixels,
  WORKING_SIDE,
  MIN_VARIANT_SIDE,
} from './grey.ts';
export type { GreyImage, Box } from './grey.ts';
export {
  MATCH_POLICY,
  judgePair,
  searchRadius,
  bestMatch,
  explainMatch,
  describeVariant,
  isPlainVariant,
  meetsPlainHashes,
} from './policy.ts';
export type { MatchPolicy, Verdict, PairMatch } from './policy.ts';
