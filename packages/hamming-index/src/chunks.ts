/**
 * Chunk geometry and probe planning for multi-index hashing. The 256 bits are cut into m
 * contiguous chunks. If two codes are within radius r, the chunk distances d_i sum to at
 * most r, so (generalised pigeonhole) for any thresholds t_i with sum(t_i + 1) >= r + 1
 * some chunk has d_i <= t_i. Probing every key within t_i of the query's chunk i therefore
 * finds every true neighbour; t_i = -1 skips chunk i. The planner spends the r + 1 units
 * where they are cheapest, and gives up for a linear scan when probing would cost more.
 */

export interface Layout {
  /** First bit of each chunk, bit 0 being the most significant bit of word 0. */
  readonly starts: readonly number[];
  readonly widths: readonly number[];
}

/**
 * Cuts 256 bits into `m` contiguous chunks whose widths differ by at most one.
 * @example makeLayout(11).widths // [24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23]
 */
export function makeLayout(m: number): Layout {
  if (!Number.isInteger(m) || m < 8 || m > 32) throw new RangeError(`chunk count ${m} is not in 8..32`);
  const starts: number[] = [];
  const widths: number[] = [];
  let at = 0;
  for (let i = 0; i < m; i++) {
    const w = Math.floor(256 / m) + (i < 256 % m ? 1 : 0);
    starts.push(at);
    widths.push(w);
    at += w;
  }
  return { starts, widths };
}

/**
 * The `width`-bit value at bit `start` of the code at word offset `base` (width <= 32).
 * @example chunkKey(hexToCode('ff'.repeat(32)), 0, 5, 16) // 0xffff
 */
export function chunkKey(codes: Uint32Array, base: number, start: number, width: number): number {
  const wi = base + (start >>> 5);
  const sh = start & 31;
  const hi = (codes[wi] << sh) >>> (32 - width);
  if (sh + width <= 32) return hi;
  return (hi | (codes[wi + 1] >>> (64 - sh - width))) >>> 0;
}

const maskCache = new Map<number, Uint32Array>();

/**
 * C(n, k), exactly for the sizes used here.
 * @example binomial(23, 2) // 253
 */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return Math.round(c);
}

/**
 * Every `width`-bit value with at most `t` set bits, fewest bits first: XOR one into a
 * query key to get a probe key.
 * @example probeMasks(4, 1) // Uint32Array [0, 8, 4, 2, 1]
 */
export function probeMasks(width: number, t: number): Uint32Array {
  const key = width * 64 + t;
  let masks = maskCache.get(key);
  if (masks) return masks;
  let total = 0;
  for (let k = 0; k <= t; k++) total += binomial(width, k);
  masks = new Uint32Array(total);
  let n = 0;
  const pick = (from: number, left: number, acc: number): void => {
    if (left === 0) {
      masks![n++] = acc >>> 0;
      return;
    }
    for (let b = from; b <= width - left; b++) pick(b + 1, left - 1, acc | (1 << (width - 1 - b)));
  };
  for (let k = 0; k <= t; k++) pick(0, k, 0);
  maskCache.set(key, masks);
  return masks;
}

/** Relative costs the planner weighs; measured on V8, see bench/index.ts. */
export interface CostModel {
  /** Visiting one bucket: a random read of its slot. */
  readonly visit: number;
  /** Checking one posting's low chunk bits: a sequential read. */
  readonly scan: number;
  /** One candidate row: a random read of its code and a distance check. */
  readonly candidate: number;
  /** One row of a sequential linear scan. */
  readonly scanRow: number;
}

export const DEFAULT_COSTS: CostModel = { visit: 1, scan: 0.15, candidate: 1.5, scanRow: 0.3 };

/**
 * Per-chunk probe radii t_i (-1 = skip) that guarantee exactness at `radius`, chosen to
 * minimise expected work for `n` codes in chunks of `widths` bits whose tables have
 * `dirBits` directory bits; null when a linear scan is cheaper.
 * @example planProbes(Array(16).fill(16), Array(16).fill(16), 31, 1e6) // Int8Array of sixteen 1s
 */
export function planProbes(
  widths: readonly number[],
  dirBits: readonly number[],
  radius: number,
  n: number,
  costs = DEFAULT_COSTS,
): Int8Array | null {
  const m = widths.length;
  const t = new Int8Array(m).fill(-1);
  const perVisit = new Float64Array(m);
  const perProbe = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    perVisit[i] = costs.visit + (costs.scan * n) / 2 ** dirBits[i];
    perProbe[i] = (costs.candidate * n) / 2 ** widths[i];
  }
  let cost = 0;
  const budget = costs.scanRow * n;
  for (let unit = 0; unit <= radius; unit++) {
    let best = -1;
    let bestCost = Infinity;
    for (let i = 0; i < m; i++) {
      if (t[i] >= widths[i]) continue;
      const c = binomial(dirBits[i], t[i] + 1) * perVisit[i] + binomial(widths[i], t[i] + 1) * perProbe[i];
      if (c < bestCost) {
        bestCost = c;
        best = i;
      }
    }
    if (best < 0) return null;
    t[best]++;
    cost += bestCost;
    if (cost > budget) return null;
  }
  return t;
}
