/**
 * The reference's Jarosz (tent) filter and 64x64 decimation, in float32 with the reference's
 * order of operations, so that every intermediate value is the same bits.
 *
 * The reference runs one running sum at a time; each step waits for the previous rounding, so
 * the loop is bound by latency. Here the same sums run side by side in "lanes" (64 rows at a
 * time along rows, all columns at once down columns): every lane still sees its additions and
 * subtractions in the reference order, but the processor overlaps them, and memory is read
 * sequentially. The last column pass runs only down the 64 columns that decimation samples.
 */

const ROW_BLOCK = 64;

/** Box window along one dimension when reducing `dimension` pixels to 64 cells. */
export function jaroszWindow(dimension: number): number {
  return Math.floor((dimension + 127) / 128);
}

/**
 * Two passes of [box along rows, box along columns], then point sampling at the centres of a
 * 64x64 grid. `image` is used as scratch space.
 *
 * @example
 * const grid = jaroszDecimate(new Float32Array(100 * 80).fill(1), 100, 80); // 64x64 of ones
 */
export function jaroszDecimate(image: Float32Array, width: number, height: number): Float32Array {
  const rowWindow = jaroszWindow(width);
  const colWindow = jaroszWindow(height);
  const scratch = new Float32Array(image.length);
  const allColumns = Int32Array.from({ length: width }, (_, x) => x);
  const sampledColumns = Int32Array.from({ length: 64 }, (_, j) => Math.trunc(((j + 0.5) * width) / 64));
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y += ROW_BLOCK) {
      const rows = Int32Array.from({ length: Math.min(ROW_BLOCK, height - y) }, (_, r) => (y + r) * width);
      boxLanes(image, scratch, rows, 1, width, rowWindow);
    }
    boxLanes(scratch, image, pass === 0 ? allColumns : sampledColumns, width, height, colWindow);
  }
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.trunc(((i + 0.5) * height) / 64) * width;
    for (let j = 0; j < 64; j++) out[i * 64 + j] = image[row + sampledColumns[j]];
  }
  return out;
}

/**
 * Centred running means of `length` samples in each lane, element `lanes[c] + step * stride`,
 * dividing by the number of samples actually inside the window (edges average fewer).
 */
function boxLanes(
  input: Float32Array,
  output: Float32Array,
  lanes: Int32Array,
  stride: number,
  length: number,
  window: number,
) {
  const half = Math.floor((window + 2) / 2);
  const sums = new Float32Array(lanes.length);
  let count = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  for (let i = 0; i < half - 1; i++, count++) accumulate(sums, input, lanes, right++ * stride, 1);
  for (let i = 0; i < window - half + 1; i++) {
    accumulate(sums, input, lanes, right++ * stride, 1);
    emit(output, sums, lanes, out++ * stride, ++count);
  }
  for (let i = 0; i < length - window; i++) {
    accumulate(sums, input, lanes, right++ * stride, 1);
    accumulate(sums, input, lanes, left++ * stride, -1);
    emit(output, sums, lanes, out++ * stride, count);
  }
  for (let i = 0; i < half - 1; i++) {
    accumulate(sums, input, lanes, left++ * stride, -1);
    emit(output, sums, lanes, out++ * stride, --count);
  }
}

function accumulate(
  sums: Float32Array,
  input: Float32Array,
  lanes: Int32Array,
  offset: number,
  sign: 1 | -1,
) {
  for (let c = 0; c < lanes.length; c++) sums[c] += sign * input[lanes[c] + offset];
}

function emit(output: Float32Array, sums: Float32Array, lanes: Int32Array, offset: number, count: number) {
  for (let c = 0; c < lanes.length; c++) output[lanes[c] + offset] = sums[c] / count;
}
