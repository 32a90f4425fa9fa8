/**
 * The reference's Jarosz (tent) filter and 64x64 decimation, in float32 with the reference's
 * order of operations, so that every intermediate value is the same bits.
 *
 * The reference runs one running sum at a time; each step waits for the previous rounding, so
 * its loop is bound by latency. Here independent sums run side by side: four rows at a time
 * along rows (in registers), and all columns at once down columns (reading memory in order).
 * Each sum still sees its additions and subtractions in the reference order. The last column
 * pass runs only down the 64 columns that decimation samples.
 */

/** Box window along one dimension when reducing `dimension` pixels to 64 cells. */
function jaroszWindow(dimension: number): number {
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
  const sampledColumns = Int32Array.from({ length: 64 }, (_, j) => Math.trunc(((j + 0.5) * width) / 64));
  for (let pass = 0; pass < 2; pass++) {
    boxRows(image, scratch, width, height, rowWindow);
    boxColumns(scratch, image, width, height, colWindow, pass === 0 ? null : sampledColumns);
  }
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.trunc(((i + 0.5) * height) / 64) * width;
    for (let j = 0; j < 64; j++) out[i * 64 + j] = image[row + sampledColumns[j]];
  }
  return out;
}

/** The reference's four phases of a centred running mean: how many steps each takes. */
function phases(length: number, window: number) {
  const half = Math.floor((window + 2) / 2);
  return { lead: half - 1, grow: window - half + 1, slide: length - window, shrink: half - 1 };
}

/** Running means along every row, four rows at a time with their sums in registers. */
function boxRows(input: Float32Array, output: Float32Array, width: number, height: number, window: number) {
  const { lead, grow, slide, shrink } = phases(width, window);
  const f = Math.fround;
  let y = 0;
  for (; y + 4 <= height; y += 4) {
    const a = y * width;
    const b = a + width;
    const c = b + width;
    const d = c + width;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    let count = 0;
    let right = 0;
    let left = 0;
    let out = 0;
    for (let i = 0; i < lead; i++, right++, count++) {
      sa = f(sa + input[a + right]);
      sb = f(sb + input[b + right]);
      sc = f(sc + input[c + right]);
      sd = f(sd + input[d + right]);
    }
    for (let i = 0; i < grow; i++, right++, out++) {
      sa = f(sa + input[a + right]);
      sb = f(sb + input[b + right]);
      sc = f(sc + input[c + right]);
      sd = f(sd + input[d + right]);
      count++;
      output[a + out] = sa / count;
      output[b + out] = sb / count;
      output[c + out] = sc / count;
      output[d + out] = sd / count;
    }
    for (let i = 0; i < slide; i++, right++, left++, out++) {
      sa = f(f(sa + input[a + right]) - input[a + left]);
      sb = f(f(sb + input[b + right]) - input[b + left]);
      sc = f(f(sc + input[c + right]) - input[c + left]);
      sd = f(f(sd + input[d + right]) - input[d + left]);
      output[a + out] = sa / count;
      output[b + out] = sb / count;
      output[c + out] = sc / count;
      output[d + out] = sd / count;
    }
    for (let i = 0; i < shrink; i++, left++, out++) {
      sa = f(sa - input[a + left]);
      sb = f(sb - input[b + left]);
      sc = f(sc - input[c + left]);
      sd = f(sd - input[d + left]);
      count--;
      output[a + out] = sa / count;
      output[b + out] = sb / count;
      output[c + out] = sc / count;
      output[d + out] = sd / count;
    }
  }
  for (; y < height; y++) boxRow(input, output, y * width, width, window);
}

/** One row's running mean, for the rows left over after groups of four. */
function boxRow(input: Float32Array, output: Float32Array, start: number, length: number, window: number) {
  const { lead, grow, slide, shrink } = phases(length, window);
  let sum = 0;
  let count = 0;
  let right = start;
  let left = start;
  let out = start;
  for (let i = 0; i < lead; i++, count++) sum = Math.fround(sum + input[right++]);
  for (let i = 0; i < grow; i++) {
    sum = Math.fround(sum + input[right++]);
    output[out++] = sum / ++count;
  }
  for (let i = 0; i < slide; i++) {
    sum = Math.fround(Math.fround(sum + input[right++]) - input[left++]);
    output[out++] = sum / count;
  }
  for (let i = 0; i < shrink; i++) {
    sum = Math.fround(sum - input[left++]);
    output[out++] = sum / --count;
  }
}

/** Running means down the given columns, one image row per step, so memory is read in order. */
function boxColumns(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
  columns: Int32Array | null,
) {
  const { lead, grow, slide, shrink } = phases(height, window);
  const sums = new Float32Array(columns === null ? width : columns.length);
  let count = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  for (let i = 0; i < lead; i++, count++) addRow(sums, input, right++ * width, columns);
  for (let i = 0; i < grow; i++) {
    addRow(sums, input, right++ * width, columns);
    writeRow(output, sums, out++ * width, columns, ++count);
  }
  for (let i = 0; i < slide; i++) {
    addRow(sums, input, right++ * width, columns);
    subtractRow(sums, input, left++ * width, columns);
    writeRow(output, sums, out++ * width, columns, count);
  }
  for (let i = 0; i < shrink; i++) {
    subtractRow(sums, input, left++ * width, columns);
    writeRow(output, sums, out++ * width, columns, --count);
  }
}

// `columns === null` means every column: the common case gets loops without the indirection.

function addRow(sums: Float32Array, input: Float32Array, base: number, columns: Int32Array | null) {
  if (columns === null) for (let c = 0; c < sums.length; c++) sums[c] += input[base + c];
  else for (let c = 0; c < columns.length; c++) sums[c] += input[base + columns[c]];
}

function subtractRow(sums: Float32Array, input: Float32Array, base: number, columns: Int32Array | null) {
  if (columns === null) for (let c = 0; c < sums.length; c++) sums[c] -= input[base + c];
  else for (let c = 0; c < columns.length; c++) sums[c] -= input[base + columns[c]];
}

function writeRow(
  output: Float32Array,
  sums: Float32Array,
  base: number,
  columns: Int32Array | null,
  count: number,
) {
  if (columns === null) for (let c = 0; c < sums.length; c++) output[base + c] = sums[c] / count;
  else for (let c = 0; c < columns.length; c++) output[base + columns[c]] = sums[c] / count;
}
