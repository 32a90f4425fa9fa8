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
 * B = D * A * D^T for a 64x64 buffer A; returns the 16x16 result row-major. Each sum waits for
 * the previous rounding, so four independent sums (four output columns) run side by side; each
 * still adds its products in the reference order, k = 0..63.
 *
 * @example
 * const coefficients = dct64To16(new Float32Array(64 * 64)); // all zeros in, all zeros out
 */
export function dct64To16(a: Float32Array): Float32Array {
  const f = Math.fround;
  // t = D * A: t[i][j] = sum over k of D[i][k] * A[k][j].
  const t = new Float32Array(OUT * SIZE);
  for (let i = 0; i < OUT; i++) {
    const d = i * SIZE;
    for (let j = 0; j < SIZE; j += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < SIZE; k++) {
        const weight = DCT_MATRIX[d + k];
        const row = k * SIZE + j;
        s0 = f(s0 + f(weight * a[row]));
        s1 = f(s1 + f(weight * a[row + 1]));
        s2 = f(s2 + f(weight * a[row + 2]));
        s3 = f(s3 + f(weight * a[row + 3]));
      }
      const at = i * SIZE + j;
      t[at] = s0;
      t[at + 1] = s1;
      t[at + 2] = s2;
      t[at + 3] = s3;
    }
  }
  // B = t * D^T: B[i][j] = sum over k of t[i][k] * D[j][k].
  const b = new Float32Array(OUT * OUT);
  for (let i = 0; i < OUT; i++) {
    const ti = i * SIZE;
    for (let j = 0; j < OUT; j += 4) {
      const d = j * SIZE;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < SIZE; k++) {
        const value = t[ti + k];
        s0 = f(s0 + f(value * DCT_MATRIX[d + k]));
        s1 = f(s1 + f(value * DCT_MATRIX[d + SIZE + k]));
        s2 = f(s2 + f(value * DCT_MATRIX[d + 2 * SIZE + k]));
        s3 = f(s3 + f(value * DCT_MATRIX[d + 3 * SIZE + k]));
      }
      const at = i * OUT + j;
      b[at] = s0;
      b[at + 1] = s1;
      b[at + 2] = s2;
      b[at + 3] = s3;
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
