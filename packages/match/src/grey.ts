/**
 * The working picture every derived variant is cut from: luma (PDQ's own weights), area-averaged
 * down to a few hundred pixels. Deriving crops, trims and rotations from one small image keeps
 * the bank side cheap and, more importantly, makes the upload side and the bank side see the
 * same pixels for the same region, whatever resolution each copy arrived at.
 */
import type { PixelBuffer } from '@redress/pdq';

/** A single-channel float image, row-major. */
export interface GreyImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** An axis-aligned region of a GreyImage, in its pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Longest side of the working image: four times PDQ's 64 cells, plenty for crops down to 60%. */
export const WORKING_SIDE = 384;

/**
 * Float32 arrays handed out again and again, one per numbered slot. A hash makes a working image
 * and two smoothing buffers per frame, hundreds of kilobytes each; allocated afresh for every
 * upload they made V8 collect its whole heap every three uploads or so (a quarter of the CPU an
 * upload cost). What `take` returns is the caller's until the same slot is taken again.
 */
export class Scratch {
  private readonly slots: Float32Array[] = [];

  take(slot: number, length: number): Float32Array {
    let buffer = this.slots[slot];
    if (!buffer || buffer.length < length) this.slots[slot] = buffer = new Float32Array(length);
    return buffer.subarray(0, length);
  }
}

/**
 * Luma of `pixels`, box-averaged so the longest side is at most `maxSide`, written to `into`'s
 * slot 0 when given.
 *
 * @example
 * const grey = workingImage({ data: new Uint8Array(1000 * 500 * 3), width: 1000, height: 500, channels: 3 });
 * grey.width; // 384
 */
export function workingImage(pixels: PixelBuffer, maxSide = WORKING_SIDE, into?: Scratch): GreyImage {
  const { width: W, height: H, channels, data } = pixels;
  const scale = Math.min(1, maxSide / Math.max(W, H));
  const width = Math.max(1, Math.round(W * scale));
  const height = Math.max(1, Math.round(H * scale));
  // Far larger inputs are read on every step-th row and column: each working pixel still averages
  // several source pixels, and the check stays cheap on camera-sized uploads.
  const step = Math.max(1, Math.floor(1 / (2 * scale)));
  // Sampled columns are read in order, so each working column's samples are one run: spanEnd[c]
  // is the first sampled x past column c's run.
  const spanEnd = new Int32Array(width);
  const counts = new Float64Array(width);
  for (let x = 0; x < W; x += step) {
    const c = Math.min(width - 1, Math.floor((x * width) / W));
    counts[c]++;
    spanEnd[c] = x + step;
  }
  const rowSums = new Float64Array(width);
  const out = into ? into.take(0, width * height) : new Float32Array(width * height);
  let y = 0;
  for (let row = 0; row < height; row++) {
    rowSums.fill(0);
    let rows = 0;
    for (; y < H && Math.min(height - 1, Math.floor((y * height) / H)) === row; y++) {
      if (y % step !== 0) continue;
      rows++;
      if (channels < 3) addGreyRow(data, y * W * channels, channels * step, step, spanEnd, rowSums);
      else addLumaRow(data, y * W * channels, channels * step, step, spanEnd, rowSums);
    }
    const base = row * width;
    for (let x = 0; x < width; x++) out[base + x] = rowSums[x] / (counts[x] * Math.max(1, rows));
  }
  return { data: out, width, height };
}

/** Adds one source row's luma (rounded to float32, PDQ's weights) to its working columns' sums. */
function addLumaRow(
  data: PixelBuffer['data'],
  start: number,
  stride: number,
  step: number,
  spanEnd: Int32Array,
  sums: Float64Array,
): void {
  let x = 0;
  let p = start;
  for (let c = 0; c < sums.length; c++) {
    let sum = sums[c];
    for (const end = spanEnd[c]; x < end; x += step, p += stride) {
      sum += Math.fround(0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2]);
    }
    sums[c] = sum;
  }
}

/** addLumaRow for grey pixels, whose value is their luma. */
function addGreyRow(
  data: PixelBuffer['data'],
  start: number,
  stride: number,
  step: number,
  spanEnd: Int32Array,
  sums: Float64Array,
): void {
  let x = 0;
  let p = start;
  for (let c = 0; c < sums.length; c++) {
    let sum = sums[c];
    for (const end = spanEnd[c]; x < end; x += step, p += stride) sum += data[p];
    sums[c] = sum;
  }
}

/**
 * Copy of a region.
 *
 * @example
 * const half = cropGrey({ data: new Float32Array(100), width: 10, height: 10 }, { x: 0, y: 0, width: 5, height: 10 });
 */
export function cropGrey(image: GreyImage, box: Box): GreyImage {
  const out = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const start = (box.y + y) * image.width + box.x;
    out.set(image.data.subarray(start, start + box.width), y * box.width);
  }
  return { data: out, width: box.width, height: box.height };
}

/**
 * The centred region keeping `keep` of each side, or null when it would fall under `minSide` pixels:
 * crops of an already small (or already cropped) picture stop at a floor instead of hashing mush.
 *
 * @example
 * centreBox({ data: new Float32Array(100 * 50), width: 100, height: 50 }, 0.8); // { x: 10, y: 5, width: 80, height: 40 }
 */
export function centreBox(image: GreyImage, keep: number, minSide = MIN_VARIANT_SIDE): Box | null {
  const width = Math.round(image.width * keep);
  const height = Math.round(image.height * keep);
  if (width < minSide || height < minSide) return null;
  return {
    x: Math.floor((image.width - width) / 2),
    y: Math.floor((image.height - height) / 2),
    width,
    height,
  };
}

/** Derived variants smaller than this (in working pixels) are not hashed: too little picture left. */
export const MIN_VARIANT_SIDE = 48;

/**
 * Rotate by `degrees` about the centre (bilinear) and keep the centred `keep` fraction of the
 * rotated, expanded canvas, the same region an upload's inner crop covers when the copy was tilted
 * with its canvas grown to fit (what editors and sharp do), so no fill colour ever enters the hash.
 *
 * @example
 * const tilted = rotatedCentre({ data: new Float32Array(100 * 80), width: 100, height: 80 }, 3, 0.8);
 */
export function rotatedCentre(image: GreyImage, degrees: number, keep: number): GreyImage {
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const { width: W, height: H, data } = image;
  const width = Math.round((W * Math.abs(cos) + H * Math.abs(sin)) * keep);
  const height = Math.round((W * Math.abs(sin) + H * Math.abs(cos)) * keep);
  const out = new Float32Array(width * height);
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  for (let v = 0; v < height; v++) {
    const dv = v - (height - 1) / 2;
    for (let u = 0; u < width; u++) {
      const du = u - (width - 1) / 2;
      // Inverse rotation: where this output pixel came from in the upright picture.
      const x = Math.min(W - 1, Math.max(0, cx + du * cos + dv * sin));
      const y = Math.min(H - 1, Math.max(0, cy - du * sin + dv * cos));
      const x0 = Math.min(W - 2, Math.floor(x));
      const y0 = Math.min(H - 2, Math.floor(y));
      const fx = x - x0;
      const fy = y - y0;
      const i = y0 * W + x0;
      const top = data[i] + (data[i + 1] - data[i]) * fx;
      const bottom = data[i + W] + (data[i + W + 1] - data[i + W]) * fx;
      out[v * width + u] = top + (bottom - top) * fy;
    }
  }
  return { data: out, width, height };
}

/**
 * The grey image as a one-channel PixelBuffer for `pdqHash` (PDQ uses grey values as luma).
 *
 * @example
 * const pixels = toPixels({ data: new Float32Array(25).fill(7.6), width: 5, height: 5 }); // data all 8
 */
export function toPixels(image: GreyImage): PixelBuffer {
  const data = new Uint8ClampedArray(image.data.length);
  data.set(image.data); // Uint8ClampedArray rounds and clamps
  return { data, width: image.width, height: image.height, channels: 1 };
}

/**
 * Two passes of a box blur `wx` wide along rows and `wy` tall along columns (a tent twice the box).
 * Before a picture is averaged down to PDQ's 64x64 grid this removes the detail finer than a cell,
 * which otherwise aliases into the few low frequencies PDQ keeps and makes the bits of textures and
 * text pages flip with every resize, re-encode or one-pixel shift. With `into`, the result lives
 * in its slots `slot` and `slot + 1`.
 *
 * @example
 * const soft = smooth({ data: new Float32Array(50 * 50).fill(3), width: 50, height: 50 }, 5, 5); // still all 3
 */
export function smooth(image: GreyImage, wx: number, wy: number, into?: Scratch, slot = 0): GreyImage {
  const { width, height } = image;
  const n = image.data.length;
  let a = into ? into.take(slot, n) : new Float32Array(n);
  let b = into ? into.take(slot + 1, n) : new Float32Array(n);
  a.set(image.data);
  for (let pass = 0; pass < 2; pass++) {
    if (wx > 1) {
      for (let y = 0; y < height; y++) boxLine(a, b, y * width, width, wx);
      [a, b] = [b, a];
    }
    if (wy > 1) {
      boxColumns(a, b, width, height, wy);
      [a, b] = [b, a];
    }
  }
  return { data: a, width, height };
}

/**
 * The steps of a centred running mean over `length` samples: `lead` samples enter before the
 * first output, `grow` outputs take one more sample each, `slide` take one and drop one, `shrink`
 * only drop one. Split this way the loops need no tests per sample. Null when the window is as
 * long as the line (then every step is an edge case; the caller takes the slow path).
 */
function phases(length: number, window: number) {
  const before = Math.floor((window - 1) / 2);
  const after = window - 1 - before;
  if (length <= window) return null;
  return { before, after, lead: after, grow: before + 1, slide: length - window, shrink: after };
}

/** boxLine down every column at once, row by row, so memory is read in order. */
function boxColumns(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
): void {
  const steps = phases(height, window);
  if (!steps) {
    for (let x = 0; x < width; x++) boxStrided(input, output, x, width, height, window);
    return;
  }
  const sums = new Float64Array(width);
  let enter = 0;
  let leave = 0;
  let out = 0;
  let count = 0;
  for (let i = 0; i < steps.lead; i++, enter++, count++) {
    for (let x = 0, e = enter * width; x < width; x++) sums[x] += input[e + x];
  }
  for (let i = 0; i < steps.grow; i++, enter++, out++) {
    count++;
    for (let x = 0, e = enter * width, o = out * width; x < width; x++) {
      sums[x] += input[e + x];
      output[o + x] = sums[x] / count;
    }
  }
  for (let i = 0; i < steps.slide; i++, enter++, leave++, out++) {
    for (let x = 0, e = enter * width, l = leave * width, o = out * width; x < width; x++) {
      const sum = sums[x] + input[e + x] - input[l + x];
      sums[x] = sum;
      output[o + x] = sum / count;
    }
  }
  for (let i = 0; i < steps.shrink; i++, leave++, out++) {
    count--;
    for (let x = 0, l = leave * width, o = out * width; x < width; x++) {
      sums[x] -= input[l + x];
      output[o + x] = sums[x] / count;
    }
  }
}

/** Centred running mean over `window` samples of one row (edges average what is inside). */
function boxLine(
  input: Float32Array,
  output: Float32Array,
  start: number,
  length: number,
  window: number,
): void {
  const steps = phases(length, window);
  if (!steps) {
    boxStrided(input, output, start, 1, length, window);
    return;
  }
  let sum = 0;
  let count = 0;
  let enter = start;
  let leave = start;
  let out = start;
  for (let i = 0; i < steps.lead; i++, count++) sum += input[enter++];
  for (let i = 0; i < steps.grow; i++) {
    sum += input[enter++];
    output[out++] = sum / ++count;
  }
  for (let i = 0; i < steps.slide; i++) {
    sum = sum + input[enter++] - input[leave++];
    output[out++] = sum / count;
  }
  for (let i = 0; i < steps.shrink; i++) {
    sum -= input[leave++];
    output[out++] = sum / --count;
  }
}

/** The running mean of one line whose samples are `stride` apart, testing every edge: short lines only. */
function boxStrided(
  input: Float32Array,
  output: Float32Array,
  start: number,
  stride: number,
  length: number,
  window: number,
): void {
  const before = Math.floor((window - 1) / 2);
  const after = window - 1 - before;
  let sum = 0;
  let count = 0;
  for (let i = -after; i < length; i++) {
    const enter = i + after;
    if (enter < length) {
      sum += input[start + enter * stride];
      count++;
    }
    const leave = i - before - 1;
    if (leave >= 0) {
      sum -= input[start + leave * stride];
      count--;
    }
    if (i >= 0) output[start + i * stride] = sum / count;
  }
}
