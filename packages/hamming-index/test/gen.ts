/**
 * Seeded test data shared by the tests and bench/index.ts: uniform codes, and clustered
 * codes shaped like a real bank (near-duplicate families around centres, with biased and
 * neighbour-correlated bits so bucket sizes are skewed). Seeded so any failure reproduces.
 */

/** mulberry32: tiny, fast, good enough for test data; returns uint32 values. */
export function rng32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export type Rng = () => number;

/** A number in [0, 1). */
export function unit(rng: Rng): number {
  return rng() / 4294967296;
}

/**
 * n uniform codes, 8 words each.
 * @example uniformCodes(1000, rng32(1)).length // 8000
 */
export function uniformCodes(n: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(n * 8);
  for (let i = 0; i < out.length; i++) out[i] = rng();
  return out;
}

/** Flips `k` random bits (possibly repeating, so up to k) of the code at word offset `at`. */
export function flipBits(codes: Uint32Array, at: number, k: number, rng: Rng): void {
  for (let i = 0; i < k; i++) {
    const bit = rng() & 255;
    codes[at + (bit >>> 5)] ^= 1 << (bit & 31);
  }
}

/** Per-word masks fixed by the seed: where bits lean to 0, lean to 1, or copy a neighbour. */
function biasMasks(rng: Rng): Uint32Array {
  const m = new Uint32Array(24);
  for (let w = 0; w < 8; w++) {
    m[w] = rng() & rng(); // ~1/4 of positions lean to 0
    m[8 + w] = rng() & rng() & ~m[w]; // ~3/16 lean to 1
    m[16 + w] = rng() & rng() & rng(); // ~1/8 copy the bit beside them
  }
  return m;
}

/**
 * Writes a centre-like code at word offset `at`: biased positions are 1 with p = 3/8 or
 * 5/8 rather than 1/2, and some bits repeat their neighbour, as PDQ bits of low
 * frequencies do across real images.
 */
function biasedCode(out: Uint32Array, at: number, bias: Uint32Array, rng: Rng): void {
  for (let w = 0; w < 8; w++) {
    let x = rng();
    x = (x & ~bias[w]) | (x & (rng() | rng()) & bias[w]);
    x = x | (bias[8 + w] & rng() & rng());
    x = x ^ ((x ^ (x >>> 1)) & bias[16 + w]);
    out[at + w] = x >>> 0;
  }
}

export interface Clustered {
  readonly codes: Uint32Array;
  /** More codes drawn like the centres but not stored: realistic non-matching queries. */
  fresh(count: number): Uint32Array;
}

/**
 * n codes in near-duplicate families: each family is a biased centre plus members a few
 * to ~30 bits away; family sizes vary (many singletons, a few large families).
 * @example clusteredCodes(10_000, rng32(7)).codes.length // 80000
 */
export function clusteredCodes(n: number, rng: Rng): Clustered {
  const bias = biasMasks(rng);
  const codes = new Uint32Array(n * 8);
  let i = 0;
  while (i < n) {
    const centre = i * 8;
    biasedCode(codes, centre, bias, rng);
    i++;
    const u = unit(rng);
    const family = Math.min(n - i, Math.floor(u < 0.5 ? u * 4 : -Math.log(1 - u) * 12));
    for (let f = 0; f < family; f++, i++) {
      codes.copyWithin(i * 8, centre, centre + 8);
      const far = unit(rng) < 0.4;
      flipBits(codes, i * 8, far ? 8 + (rng() % 23) : 1 + (rng() % 8), rng);
    }
  }
  return {
    codes,
    fresh(count: number): Uint32Array {
      const out = new Uint32Array(count * 8);
      for (let k = 0; k < count; k++) biasedCode(out, k * 8, bias, rng);
      return out;
    },
  };
}

/**
 * Query codes: half perturbed copies of stored codes (0..maxFlips bits), half `others`.
 * @example mixedQueries(codes, uniformCodes(50, rng), 100, 24, rng)
 */
export function mixedQueries(
  stored: Uint32Array,
  others: Uint32Array,
  count: number,
  maxFlips: number,
  rng: Rng,
): Uint32Array {
  const out = new Uint32Array(count * 8);
  const n = stored.length / 8;
  const m = others.length / 8;
  for (let k = 0; k < count; k++) {
    if (k % 2 === 0 && n > 0) {
      const j = (rng() % n) * 8;
      out.set(stored.subarray(j, j + 8), k * 8);
      flipBits(out, k * 8, rng() % (maxFlips + 1), rng);
    } else {
      const j = (rng() % m) * 8;
      out.set(others.subarray(j, j + 8), k * 8);
    }
  }
  return out;
}
