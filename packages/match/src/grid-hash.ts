/**
 * PDQ's hash (64x64 grid -> 16x16 DCT without DC -> bits above the median) computed on a grid made
 * by exact area averaging instead of PDQ's tent filter and point sampling. Derived variants use it
 * on both the bank side and the upload side, so it need not match the reference bit for bit; what
 * it buys is stability: a box average per cell does not alias text strokes or fine texture the way
 * point sampling does, and it keeps fractional values instead of rounding to 8 bits. Flat grids,
 * where every bit is noise, get PDQ's quality metric so they can be refused the same way.
 */
import { dihedralHashes, type Hash256 } from '@redress/pdq';
import type { GreyImage } from './grey.ts';

const N = 64;

const DCT: Float64Array = (() => {
  const m = new Float64Array(16 * N);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < N; j++)
      m[i * N + j] = Math.sqrt(2 / N) * Math.cos((Math.PI / (2 * N)) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

/** A region in fractional pixel coordinates. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The region's area average on a 64x64 grid (each cell weighs the pixels it covers, partly
 * covered pixels by the covered fraction).
 *
 * @example
 * const grid = areaGrid({ data: new Float32Array(128 * 128).fill(9), width: 128, height: 128 }); // all 9
 */
export function areaGrid(
  image: GreyImage,
  region: Region = { x: 0, y: 0, width: image.width, height: image.height },
): Float64Array {
  const cols = weights(region.x, region.width, image.width);
  const rows = weights(region.y, region.height, image.height);
  // Rows first: collapse each grid row's image rows into one line, then the line into 64 cells.
  const line = new Float64Array(image.width);
  const grid = new Float64Array(N * N);
  for (let gy = 0; gy < N; gy++) {
    line.fill(0);
    for (let k = rows.first[gy]; k < rows.first[gy + 1]; k++) {
      const w = rows.weight[k];
      const base = rows.pixel[k] * image.width;
      for (let x = 0; x < image.width; x++) line[x] += w * image.data[base + x];
    }
    for (let gx = 0; gx < N; gx++) {
      let sum = 0;
      for (let k = cols.first[gx]; k < cols.first[gx + 1]; k++) sum += cols.weight[k] * line[cols.pixel[k]];
      grid[gy * N + gx] = sum;
    }
  }
  return grid;
}

/** Cell c covers pixel[k] with weight[k] for k in [first[c], first[c + 1]). */
interface CellWeights {
  readonly first: Int32Array;
  readonly pixel: Int32Array;
  readonly weight: Float64Array;
}

/** For each of the 64 cells over [start, start + length): the pixels it covers and their weights (summing to 1). */
function weights(start: number, length: number, size: number): CellWeights {
  const first = new Int32Array(N + 1);
  const pixel: number[] = [];
  const weight: number[] = [];
  const step = length / N;
  for (let c = 0; c < N; c++) {
    const a = start + c * step;
    const b = a + step;
    for (let p = Math.floor(a); p < Math.ceil(b); p++) {
      const covered = Math.min(b, p + 1) - Math.max(a, p);
      if (covered <= 1e-9) continue;
      pixel.push(Math.min(size - 1, Math.max(0, p)));
      weight.push(covered / step);
    }
    first[c + 1] = pixel.length;
  }
  return { first, pixel: Int32Array.from(pixel), weight: Float64Array.from(weight) };
}

export interface GridHash {
  readonly hash: Hash256;
  readonly quality: number;
  /** The 16x16 DCT, kept so rotations and flips can be derived without another grid. */
  readonly dct: Float32Array;
}

/**
 * Hash a 64x64 grid the way PDQ does (DCT, lower-median threshold, quality).
 *
 * @example
 * const { quality } = gridHash(new Float64Array(64 * 64)); // 0: flat
 */
export function gridHash(grid: Float64Array): GridHash {
  const t = new Float64Array(16 * N);
  for (let i = 0; i < 16; i++) {
    for (let k = 0; k < N; k++) {
      const d = DCT[i * N + k];
      for (let j = 0; j < N; j++) t[i * N + j] += d * grid[k * N + j];
    }
  }
  const dct = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < N; k++) sum += t[i * N + k] * DCT[j * N + k];
      dct[i * 16 + j] = sum;
    }
  }
  return { hash: aboveMedian(dct), quality: quality(grid), dct };
}

/**
 * The 8 orientations of a grid hash (DIHEDRAL_NAMES order), from its DCT.
 *
 * @example
 * const all = gridDihedral(gridHash(new Float64Array(64 * 64))); // 8 hashes
 */
export function gridDihedral(result: GridHash): Hash256[] {
  return dihedralHashes(result.dct);
}

/** PDQ's threshold: bit k set when coefficient k is above the lower median. */
function aboveMedian(dct: Float32Array): Hash256 {
  const median = Float32Array.from(dct).sort()[127];
  const hash = new Uint16Array(16);
  for (let k = 0; k < 256; k++) if (dct[k] > median) hash[k >> 4] |= 1 << (k & 15);
  return hash;
}

/** PDQ's quality formula: summed truncated neighbour gradients / 90, capped at 100. */
function quality(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const v = a[i * N + j];
      if (i < N - 1) sum += Math.abs(Math.trunc(((v - a[(i + 1) * N + j]) * 100) / 255));
      if (j < N - 1) sum += Math.abs(Math.trunc(((v - a[i * N + j + 1]) * 100) / 255));
    }
  }
  return Math.min(100, Math.floor(sum / 90));
}
