/**
 * The reference's Jarosz (tent) filter and 64x64 decimation, in float32 with the reference's
 * order of operations, so that every intermediate value is the same bits.
 *
 * The reference runs one running sum at a time; each step waits for the previous rounding, so
 * its loop is bound by latency. Here independent sums run side by side: four rows at a time
 * along rows (in registers), and all columns at once down columns (reading memory in order).
 * Each sum still sees its additions and subtractions in the reference order. The second pass
 * only divides and stores where decimation samples: its row sums still run along whole rows
 * (each rounding depends on the ones before) but keep only the 64 sampled columns, and its
 * column sums run down those 64 columns and are written at the 64 sampled rows.
 */

/** Box window along one dimension when reducing `dimension` pixels to 64 cells. */
function jaroszWindow(dimension: number): number {
  return Math.floor((dimension + 127) / 128);
}

/** The 64 cell centres along a dimension (repeats when it has fewer than 64 pixels). */
function cellCentres(dimension: number): Int32Array {
  return Int32Array.from({ length: 64 }, (_, i) => Math.trunc(((i + 0.5) * dimension) / 64));
}

/** Every index below `length`: the "sample everything" case of the box passes. */
function everyIndex(length: number): Int32Array {
  return Int32Array.from({ length }, (_, i) => i);
}

/**
 * Two passes of [box along rows, box along columns], then point sampling at the centres of a
 * 64x64 grid. `image` is used as scratch space, and so is `scratch` if it holds at least
 * max(width, 64) * height values (else a new array is).
 *
 * @example
 * const grid = jaroszDecimate(new Float32Array(100 * 80).fill(1), 100, 80); // 64x64 of ones
 */
export function jaroszDecimate(
  image: Float32Array,
  width: number,
  height: number,
  scratch?: Float32Array,
): Float32Array {
  const rowWindow = jaroszWindow(width);
  const colWindow = jaroszWindow(height);
  const columns = cellCentres(width);
  const rows = cellCentres(height);
  // Also holds the second pass's 64-column image, wider than the input when width < 64.
  const size = Math.max(width, 64) * height;
  const work = scratch && scratch.length >= size ? scratch : new Float32Array(size);
  // First pass: every mean is read by the next box, so all are stored.
  boxRows(image, work, width, height, rowWindow, everyIndex(width));
  boxColumns(work, image, width, height, colWindow, null);
  // Second pass, on a 64-column image (column j holds image column columns[j]), writing the
  // sampled rows straight into the grid.
  boxRows(image, work, width, height, rowWindow, columns);
  const out = new Float32Array(64 * 64);
  boxColumns(work, out, 64, height, colWindow, firstCells(rows, height));
  // Under 64 rows some image rows are sampled twice: the repeats copy the cell row above.
  for (let i = 1; i < 64; i++) {
    if (rows[i] === rows[i - 1]) out.copyWithin(i * 64, (i - 1) * 64, i * 64);
  }
  return out;
}

/** For each image row, where the first grid row sampling it starts in the grid, or -1 if none. */
function firstCells(rows: Int32Array, height: number): Int32Array {
  const bases = new Int32Array(height).fill(-1);
  for (let i = 63; i >= 0; i--) bases[rows[i]] = i * 64;
  return bases;
}

/** The reference's four phases of a centred running mean: how many steps each takes. */
function phases(length: number, window: number) {
  const half = Math.floor((window + 2) / 2);
  return { lead: half - 1, grow: window - half + 1, slide: length - window, shrink: half - 1 };
}

/**
 * Running means along every row, four rows at a time with their sums in registers. Only the means
 * at `columns` (ascending, repeats allowed) are divided and stored: output row y holds
 * columns.length values.
 */
function boxRows(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
  columns: Int32Array,
) {
  const { lead, grow, slide, shrink } = phases(width, window);
  const n = columns.length;
  const f = Math.fround;
  let y = 0;
  for (; y + 4 <= height; y += 4) {
    const a = y * width;
    const b = a + width;
    const c = b + width;
    const d = c + width;
    const oa = y * n;
    const ob = oa + n;
    const oc = ob + n;
    const od = oc + n;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    let count = 0;
    let right = 0;
    let left = 0;
    let out = 0;
    let k = 0; // next column to store, and its index
    let next = n > 0 ? columns[0] : -1;
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
      while (out === next) {
        output[oa + k] = sa / count;
        output[ob + k] = sb / count;
        output[oc + k] = sc / count;
        output[od + k] = sd / count;
        next = ++k < n ? columns[k] : -1;
      }
    }
    for (let i = 0; i < slide; i++, right++, left++, out++) {
      sa = f(f(sa + input[a + right]) - input[a + left]);
      sb = f(f(sb + input[b + right]) - input[b + left]);
      sc = f(f(sc + input[c + right]) - input[c + left]);
      sd = f(f(sd + input[d + right]) - input[d + left]);
      while (out === next) {
        output[oa + k] = sa / count;
        output[ob + k] = sb / count;
        output[oc + k] = sc / count;
        output[od + k] = sd / count;
        next = ++k < n ? columns[k] : -1;
      }
    }
    for (let i = 0; i < shrink; i++, left++, out++) {
      sa = f(sa - input[a + left]);
      sb = f(sb - input[b + left]);
      sc = f(sc - input[c + left]);
      sd = f(sd - input[d + left]);
      count--;
      while (out === next) {
        output[oa + k] = sa / count;
        output[ob + k] = sb / count;
        output[oc + k] = sc / count;
        output[od + k] = sd / count;
        next = ++k < n ? columns[k] : -1;
      }
    }
  }
  for (; y < height; y++) boxRow(input, output, y * width, y * n, width, window, columns);
}

/** One row's running mean, for the rows left over after groups of four. */
function boxRow(
  input: Float32Array,
  output: Float32Array,
  start: number,
  outStart: number,
  length: number,
  window: number,
  columns: Int32Array,
) {
  const { lead, grow, slide, shrink } = phases(length, window);
  const n = columns.length;
  let sum = 0;
  let count = 0;
  let right = start;
  let left = start;
  let k = 0;
  const store = (out: number) => {
    for (; k < n && columns[k] === out; k++) output[outStart + k] = sum / count;
  };
  for (let i = 0; i < lead; i++, count++) sum = Math.fround(sum + input[right++]);
  let out = 0;
  for (let i = 0; i < grow; i++) {
    sum = Math.fround(sum + input[right++]);
    count++;
    store(out++);
  }
  for (let i = 0; i < slide; i++) {
    sum = Math.fround(Math.fround(sum + input[right++]) - input[left++]);
    store(out++);
  }
  for (let i = 0; i < shrink; i++) {
    sum = Math.fround(sum - input[left++]);
    count--;
    store(out++);
  }
}

/**
 * Running means down every column, one image row per step, so memory is read in order. Image
 * row r is written at bases[r] (same place as the input when null; nowhere when -1).
 */
function boxColumns(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
  bases: Int32Array | null,
) {
  const { lead, grow, slide, shrink } = phases(height, window);
  const sums = new Float32Array(width);
  const target = (row: number) => (bases === null ? row * width : bases[row]);
  let count = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  for (let i = 0; i < lead; i++, count++) addRow(sums, input, right++ * width);
  for (let i = 0; i < grow; i++) {
    addRow(sums, input, right++ * width);
    writeRow(output, sums, target(out++), ++count);
  }
  for (let i = 0; i < slide; i++) {
    slideRow(sums, input, right++ * width, left++ * width, output, target(out++), count);
  }
  for (let i = 0; i < shrink; i++) {
    subtractRow(sums, input, left++ * width);
    writeRow(output, sums, target(out++), --count);
  }
}

function addRow(sums: Float32Array, input: Float32Array, base: number) {
  for (let c = 0; c < sums.length; c++) sums[c] += input[base + c];
}

function subtractRow(sums: Float32Array, input: Float32Array, base: number) {
  for (let c = 0; c < sums.length; c++) sums[c] -= input[base + c];
}

/** Writes the means at `base` unless it is -1 (a row nobody reads). */
function writeRow(output: Float32Array, sums: Float32Array, base: number, count: number) {
  if (base >= 0) for (let c = 0; c < sums.length; c++) output[base + c] = sums[c] / count;
}

/**
 * One step of the middle phase: add row `add`, subtract row `remove` (each rounded, in that
 * order), write the means at `base` unless it is -1. One loop, so each value is read once, four
 * columns per iteration, which V8 runs about a third faster than one.
 */
function slideRow(
  sums: Float32Array,
  input: Float32Array,
  add: number,
  remove: number,
  output: Float32Array,
  base: number,
  count: number,
) {
  const f = Math.fround;
  const width = sums.length;
  if (base < 0) {
    for (let c = 0; c < width; c++) sums[c] = f(f(sums[c] + input[add + c]) - input[remove + c]);
    return;
  }
  let c = 0;
  for (; c + 4 <= width; c += 4) {
    const s0 = f(f(sums[c] + input[add + c]) - input[remove + c]);
    const s1 = f(f(sums[c + 1] + input[add + c + 1]) - input[remove + c + 1]);
    const s2 = f(f(sums[c + 2] + input[add + c + 2]) - input[remove + c + 2]);
    const s3 = f(f(sums[c + 3] + input[add + c + 3]) - input[remove + c + 3]);
    sums[c] = s0;
    sums[c + 1] = s1;
    sums[c + 2] = s2;
    sums[c + 3] = s3;
    output[base + c] = s0 / count;
    output[base + c + 1] = s1 / count;
    output[base + c + 2] = s2 / count;
    output[base + c + 3] = s3 / count;
  }
  for (; c < width; c++) {
    const sum = f(f(sums[c] + input[add + c]) - input[remove + c]);
    sums[c] = sum;
    output[base + c] = sum / count;
  }
}
