/**
 * What is hashed when an image is banked and when an upload is checked. The bank carries the cost:
 * besides the plain PDQ hash (so banks stay interoperable with StopNCII, HMA and NCMEC lists) it
 * stores hashes of the trimmed picture, of centred crops at several scales and of small tilts, each
 * named so a match can be explained. An upload is hashed a few times only: plain PDQ with its 8
 * rotations and flips (one DCT), the picture found inside any border or frame, and an inner crop of
 * it that drops captions, frame remnants and the fill corners of a tilted copy.
 */
import {
  DIHEDRAL_NAMES,
  MIN_MATCH_QUALITY,
  pdqHash,
  pdqHashDihedral,
  type Hash256,
  type PdqProfile,
  type PixelBuffer,
} from '@redress/pdq';
import {
  MIN_VARIANT_SIDE,
  Scratch,
  WORKING_SIDE,
  rotatedCentre,
  smooth,
  workingImage,
  type Box,
  type GreyImage,
} from './grey.ts';
import { areaGrid, gridDihedral, gridHash, type Region } from './grid-hash.ts';
import { contentBox, isTrimmed } from './trim.ts';

/** One stored or computed hash and which derived picture it is of. */
export interface HashVariant {
  /** e.g. 'original', 'original/rot90', 'trimmed', 'crop-15', 'rot+3', 'inner-20' */
  readonly variant: string;
  readonly hash: Hash256;
  /** PDQ quality of that derived picture, 0..100. */
  readonly quality: number;
}

export interface VariantOptions {
  /** PDQ profile of the 'original' hash (derived variants come from a small image: both agree). */
  readonly profile?: PdqProfile;
  /** false: queryHashes gives the plain PDQ orientations only (what other systems match on). */
  readonly derived?: boolean;
}

/**
 * Version of the derived-variant pipeline (working size, smoothing, grid, trimming, crops, tilts).
 * Derived hashes are only comparable within one version: banks store it beside them and search
 * only the current version's, so raising it retires every derived hash banked before (the media
 * is not kept to re-bank them). Plain 'original' hashes never change.
 */
export const MATCH_PIPELINE_VERSION = 1;

/** Centre crops banked, in percent of each side removed (crop-15 keeps the central 85%). */
export const BANK_CROPS: readonly number[] = [5, 10, 15, 20, 25, 30, 40];
/** Tilts banked, in degrees; each keeps the central part an upload's inner crop covers. */
export const BANK_TILTS: readonly number[] = [3, -3, 6, -6];
/** Width of the anti-aliasing box, in grid cells. */
export const SMOOTH_CELLS = 1;
/** Percent of each side an upload's inner crop removes. */
export const INNER_CROP = 30;

/**
 * The hashes to store when an image is banked, each named. Variants under PDQ quality 50 are left
 * out (HMA's rule): they would match flat pictures of anything.
 *
 * @example
 * const pixels = { data: new Uint8Array(300 * 200).map((_, i) => (i * 37) % 251), width: 300, height: 200, channels: 1 as const };
 * const stored = bankVariants(pixels); // [{ variant: 'original', ... }, { variant: 'crop-5', ... }, ...]
 */
export function bankVariants(pixels: PixelBuffer, options: VariantOptions = {}): HashVariant[] {
  const out: HashVariant[] = [];
  const plain = pdqHash(pixels, { profile: options.profile ?? 'reference' });
  if (plain.hashable) out.push({ variant: 'original', hash: plain.hash, quality: plain.quality });
  for (const { prefix, image, box } of frames(pixels)) {
    push(out, `${prefix}whole`, image, box);
    for (const percent of BANK_CROPS) push(out, `${prefix}crop-${percent}`, image, shrink(box, percent));
    const picture = cropRegion(image, box);
    for (const degrees of BANK_TILTS) {
      const tilted = rotatedCentre(picture, degrees, 1 - INNER_CROP / 100);
      const name = `${prefix}rot${degrees > 0 ? '+' : ''}${degrees}`;
      push(out, name, tilted, { x: 0, y: 0, width: tilted.width, height: tilted.height });
    }
  }
  return out.filter((v) => v.quality >= MIN_MATCH_QUALITY);
}

/**
 * The few hashes computed for an upload: plain PDQ in 8 orientations, the whole picture on the
 * stable grid in 8 orientations, its inner crop, and, when a border or frame was found, the
 * picture inside it and its inner crop ('trimmed/whole', 'trimmed/inner-20').
 *
 * @example
 * const pixels = { data: new Uint8Array(300 * 200).map((_, i) => (i * 37) % 251), width: 300, height: 200, channels: 1 as const };
 * queryHashes(pixels).map((q) => q.variant); // ['original', 'original/rot90', ..., 'whole', ..., 'inner-20']
 */
export function queryHashes(pixels: PixelBuffer, options: VariantOptions = {}): HashVariant[] {
  const out: HashVariant[] = [];
  const plain = pdqHashDihedral(pixels, { profile: options.profile ?? 'reference' });
  if (plain.hashable) {
    plain.hashes.forEach((hash, i) => {
      const variant = i === 0 ? 'original' : `original/${DIHEDRAL_NAMES[i]}`;
      out.push({ variant, hash, quality: plain.quality });
    });
  }
  if (options.derived === false) return out.filter((v) => v.quality >= MIN_MATCH_QUALITY);
  for (const { prefix, image, box } of frames(pixels)) {
    const whole = gridHash(areaGrid(image, box));
    // Rotations and flips of the framed picture are rare enough to skip: fewer chances of a false match.
    const orientations = prefix ? [whole.hash] : gridDihedral(whole);
    orientations.forEach((hash, i) => {
      const variant = `${prefix}whole${i === 0 ? '' : `/${DIHEDRAL_NAMES[i]}`}`;
      out.push({ variant, hash, quality: whole.quality });
    });
    push(out, `${prefix}inner-${INNER_CROP}`, image, shrink(box, INNER_CROP));
  }
  return out.filter((v) => v.quality >= MIN_MATCH_QUALITY);
}

interface Frame {
  /** '' for the whole image, 'trimmed/' for the picture found inside a border or frame. */
  readonly prefix: string;
  readonly image: GreyImage;
  readonly box: Box;
}

/**
 * The frames variants are cut from: the whole image, and the picture inside any border or frame.
 * Both are kept because an original with flat margins of its own (a page, a studio backdrop) trims
 * too, and a tilted or cropped copy of it is framed by the untrimmed picture, a bordered copy by
 * the trimmed one.
 */
function frames(pixels: PixelBuffer): Frame[] {
  const work = workingImage(pixels, WORKING_SIDE, scratch); // slot 0
  const full: Box = { x: 0, y: 0, width: work.width, height: work.height };
  const found = contentBox(work);
  const boxes: Array<[string, Box]> = [['', full]];
  if (isTrimmed(work, found)) boxes.push(['trimmed/', found]);
  return boxes.map(([prefix, box], i) => ({
    prefix,
    box,
    image: smooth(
      work,
      Math.round((box.width / 64) * SMOOTH_CELLS),
      Math.round((box.height / 64) * SMOOTH_CELLS),
      scratch,
      1 + 2 * i, // slots 1-2 for the whole image, 3-4 for the trimmed one
    ),
  }));
}

/**
 * The work space of `frames`. Safe to share between calls: queryHashes and bankVariants run to
 * completion without yielding, each thread has its own copy of this module, and no hash they
 * return points into it.
 */
const scratch = new Scratch();

/** The centred part of `box` without `percent` of each side's length (fractional pixels). */
function shrink(box: Box, percent: number): Region {
  const keep = 1 - percent / 100;
  return {
    x: box.x + (box.width * (1 - keep)) / 2,
    y: box.y + (box.height * (1 - keep)) / 2,
    width: box.width * keep,
    height: box.height * keep,
  };
}

function cropRegion(image: GreyImage, box: Box): GreyImage {
  const data = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const start = (box.y + y) * image.width + box.x;
    data.set(image.data.subarray(start, start + box.width), y * box.width);
  }
  return { data, width: box.width, height: box.height };
}

function push(out: HashVariant[], variant: string, image: GreyImage, region: Region): void {
  if (region.width < MIN_VARIANT_SIDE || region.height < MIN_VARIANT_SIDE) return; // too little picture left
  const { hash, quality } = gridHash(areaGrid(image, region));
  out.push({ variant, hash, quality });
}
