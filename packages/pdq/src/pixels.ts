/**
 * Pixel buffers in, float32 luma out. This is where the two reference profiles differ: the
 * C++ tool first resizes anything larger than 512 px to exactly 512x512 by nearest neighbour
 * (aspect ratio not kept), the pdqhash binding and the Java reference do not. Sampling the
 * source pixels while computing luma gives the same numbers as resizing first, without the
 * intermediate image.
 */

/** Decoded, 8-bit, interleaved pixels: 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA. */
export interface PixelBuffer {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

/** `reference`: the C++ pdq-photo-hasher and WASM build; `fullres`: HMA's pdqhash and Java. */
export type PdqProfile = 'reference' | 'fullres';

export interface LumaImage {
  readonly luma: Float32Array;
  readonly width: number;
  readonly height: number;
}

const REFERENCE_MAX_SIDE = 512;
/** fround(0.299f * v) etc. for every 8-bit value: the products the reference computes, looked up. */
const weighted = (coefficient: number) =>
  Float32Array.from({ length: 256 }, (_, v) => Math.fround(coefficient) * v);
const R = weighted(0.299);
const G = weighted(0.587);
const B = weighted(0.114);

/**
 * Luma of every pixel, rounded to float32 after each operation as the reference does:
 * `(0.299f*R + 0.587f*G) + 0.114f*B`. Alpha is ignored, never composited (reference behaviour).
 *
 * @example
 * const img = toLuma({ data: new Uint8Array([255, 0, 0]), width: 1, height: 1, channels: 3 }, 'fullres');
 * img.luma[0]; // 76.24500274658203
 */
export function toLuma(pixels: PixelBuffer, profile: PdqProfile): LumaImage {
  assertPixelBuffer(pixels);
  const { width: srcW, height: srcH, channels, data } = pixels;
  const resize = profile === 'reference' && (srcW > REFERENCE_MAX_SIDE || srcH > REFERENCE_MAX_SIDE);
  const width = resize ? REFERENCE_MAX_SIDE : srcW;
  const height = resize ? REFERENCE_MAX_SIDE : srcH;
  const luma = new Float32Array(width * height);
  const colOf = new Int32Array(width);
  for (let x = 0; x < width; x++) colOf[x] = resize ? Math.floor((x * srcW) / width) : x;
  for (let y = 0; y < height; y++) {
    const srcRow = (resize ? Math.floor((y * srcH) / height) : y) * srcW;
    if (channels >= 3) colourRow(data, channels, srcRow, colOf, luma, y * width);
    else greyRow(data, channels, srcRow, colOf, luma, y * width);
  }
  return { luma, width, height };
}

function colourRow(
  data: PixelBuffer['data'],
  channels: number,
  srcRow: number,
  colOf: Int32Array,
  luma: Float32Array,
  out: number,
) {
  for (let x = 0; x < colOf.length; x++) {
    const p = (srcRow + colOf[x]) * channels;
    luma[out + x] = Math.fround(R[data[p]] + G[data[p + 1]]) + B[data[p + 2]];
  }
}

function greyRow(
  data: PixelBuffer['data'],
  channels: number,
  srcRow: number,
  colOf: Int32Array,
  luma: Float32Array,
  out: number,
) {
  for (let x = 0; x < colOf.length; x++) luma[out + x] = data[(srcRow + colOf[x]) * channels];
}

function assertPixelBuffer(pixels: PixelBuffer): void {
  const { width, height, channels, data } = pixels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`invalid image size ${width}x${height}`);
  }
  if (![1, 2, 3, 4].includes(channels)) throw new RangeError(`unsupported channel count ${channels}`);
  if (data.length < width * height * channels) {
    throw new RangeError(`pixel data holds ${data.length} bytes, ${width}x${height}x${channels} needs more`);
  }
}
