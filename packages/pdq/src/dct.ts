/**
 * The 64 -> 16 two-dimensional DCT of the reference (DC skipped), accumulated sequentially in
 * float32 exactly as the C++ loops do, and the quality metric computed on the same 64x64 buffer.
 */

const SIZE = 64;
const OUT = 16;

/** D[i][j] = sqrt(2/64) * cos(pi/128 * (i+1) * (2j+1)), computed in double, stored as float32. */
const DCT_MATRIX: Float32Array = (() => {
  const matrix = new Float32Array(OUT * SIZE);
  const scale = Math.sqrt(2 / SIZE);
  for (let i = 0; i < OUT; i++) {
    for (let j = 0; j < SIZE; j++) {
      matrix[i * SIZE + j] = scale * Math.cos((Math.PI / 2 / SIZE) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/**
 * B = D * A * D^T for a 64x64 buffer A; returns the 16x16 result row-major.
 *
 * @example
 * const coefficients = dct64To16(new Float32Array(64 * 64)); // all zeros in, all zeros out
 */
export function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(OUT * SIZE);
  for (let i = 0; i < OUT; i++) {
    const d = i * SIZE;
    for (let j = 0; j < SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < SIZE; k++)
        sum = Math.fround(sum + Math.fround(DCT_MATRIX[d + k] * a[k * SIZE + j]));
      t[i * SIZE + j] = sum;
    }
  }
  const b = new Float32Array(OUT * OUT);
  for (let i = 0; i < OUT; i++) {
    for (let j = 0; j < OUT; j++) {
      let sum = 0;
      for (let k = 0; k < SIZE; k++) {
        sum = Math.fround(sum + Math.fround(t[i * SIZE + k] * DCT_MATRIX[j * SIZE + k]));
      }
      b[i * OUT + j] = sum;
    }
  }
  return b;
}

/**
 * The reference's quality: summed, truncated neighbour gradients on the 64x64 buffer, /90, capped
 * at 100. Low values mean a flat or near-flat picture whose hash is unreliable.
 *
 * @example
 * pdqQuality(new Float32Array(64 * 64)); // 0: a flat image
 */
export function pdqQuality(a: Float32Array): number {
  let sum = 0;
  const step = (u: number, v: number) =>
    Math.abs(Math.trunc(Math.fround(Math.fround(Math.fround(u - v) * 100) / 255)));
  for (let i = 0; i < SIZE - 1; i++) {
    for (let j = 0; j < SIZE; j++) sum += step(a[i * SIZE + j], a[(i + 1) * SIZE + j]);
  }
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE - 1; j++) sum += step(a[i * SIZE + j], a[i * SIZE + j + 1]);
  }
  return Math.min(100, Math.floor(sum / 90));
}
