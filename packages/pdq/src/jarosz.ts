/**
 * The reference's Jarosz (tent) filter and 64x64 decimation, in float32 with the reference's
 * order of operations, so that every intermediate value is the same bits. The column pass runs
 * over all columns at once, row by row: each column still sees its own additions and
 * subtractions in the reference order, but memory is read sequentially, which makes full
 * resolution images fast where the reference is cache-hostile.
 */

/** Box window along one dimension when reducing `dimension` pixels to 64 cells. */
export function jaroszWindow(dimension: number): number {
  return Math.floor((dimension + 127) / 128);
}

/**
 * Two passes of [box along rows, box along columns]; the result replaces `image`.
 *
 * @example
 * const image = new Float32Array(100 * 80).fill(1);
 * jaroszFilter(image, 100, 80); // a constant image stays constant
 */
export function jaroszFilter(image: Float32Array, width: number, height: number): void {
  const rowWindow = jaroszWindow(width);
  const colWindow = jaroszWindow(height);
  const scratch = new Float32Array(image.length);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y++) boxRow(image, scratch, y * width, width, rowWindow);
    boxColumns(scratch, image, width, height, colWindow);
  }
}

/** Centred running mean of one row, dividing by the number of pixels actually in the window. */
function boxRow(input: Float32Array, output: Float32Array, start: number, length: number, window: number) {
  const half = Math.floor((window + 2) / 2);
  let sum = 0;
  let count = 0;
  let right = start;
  let left = start;
  let out = start;
  for (let i = 0; i < half - 1; i++) {
    sum = Math.fround(sum + input[right++]);
    count++;
  }
  for (let i = 0; i < window - half + 1; i++) {
    sum = Math.fround(sum + input[right++]);
    count++;
    output[out++] = sum / count;
  }
  for (let i = 0; i < length - window; i++) {
    sum = Math.fround(sum + input[right++]);
    sum = Math.fround(sum - input[left++]);
    output[out++] = sum / count;
  }
  for (let i = 0; i < half - 1; i++) {
    sum = Math.fround(sum - input[left++]);
    count--;
    output[out++] = sum / count;
  }
}

/** The same running mean down every column, one row at a time. */
function boxColumns(input: Float32Array, output: Float32Array, width: number, height: number, window: number) {
  const half = Math.floor((window + 2) / 2);
  const sums = new Float32Array(width);
  let count = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  const add = (row: number) => {
    const base = row * width;
    for (let x = 0; x < width; x++) sums[x] += input[base + x];
  };
  const subtract = (row: number) => {
    const base = row * width;
    for (let x = 0; x < width; x++) sums[x] -= input[base + x];
  };
  const write = (row: number) => {
    const base = row * width;
    for (let x = 0; x < width; x++) output[base + x] = sums[x] / count;
  };
  for (let i = 0; i < half - 1; i++, count++) add(right++);
  for (let i = 0; i < window - half + 1; i++) {
    add(right++);
    count++;
    write(out++);
  }
  for (let i = 0; i < height - window; i++) {
    add(right++);
    subtract(left++);
    write(out++);
  }
  for (let i = 0; i < half - 1; i++) {
    subtract(left++);
    count--;
    write(out++);
  }
}

/** Point-sample the filtered image at the centres of a 64x64 grid. */
export function decimateTo64(image: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.trunc(((i + 0.5) * height) / 64) * width;
    for (let j = 0; j < 64; j++) {
      out[i * 64 + j] = image[row + Math.trunc(((j + 0.5) * width) / 64)];
    }
  }
  return out;
}
