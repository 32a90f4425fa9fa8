/**
 * A PDQ hash: 256 bits kept as 16 words of 16 bits, word i = row i of the 16x16 DCT, bit j =
 * column j. Hex is the reference's serialisation: word 15 first, four lowercase digits a word,
 * so the 64-character string reads as one big-endian 256-bit integer whose bit k is B[k/16][k%16].
 */

export type Hash256 = Uint16Array;

const HEX = /^[0-9a-f]{64}$/;

/**
 * Bit k set when coefficient k is strictly above the lower median (128th smallest of 256).
 *
 * @example
 * const hash = thresholdAtMedian(Float32Array.from({ length: 256 }, (_, k) => k));
 * toHex(hash).startsWith('ffffffff'); // true: the upper 128 coefficients are set
 */
export function thresholdAtMedian(coefficients: Float32Array): Hash256 {
  const median = lowerMedian(coefficients);
  const hash = new Uint16Array(16);
  for (let k = 0; k < 256; k++) {
    if (coefficients[k] > median) hash[k >> 4] |= 1 << (k & 15);
  }
  return hash;
}

function lowerMedian(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[(sorted.length - 1) >> 1];
}

/** @example toHex(new Uint16Array(16)); // '000...0' (64 zeros) */
export function toHex(hash: Hash256): string {
  let hex = '';
  for (let i = 15; i >= 0; i--) hex += hash[i].toString(16).padStart(4, '0');
  return hex;
}

/**
 * Parses 64 hex digits (either case); throws a RangeError on anything else.
 *
 * @example
 * toHex(fromHex('F'.repeat(64))) === 'f'.repeat(64); // true
 */
export function fromHex(hex: string): Hash256 {
  const lower = hex.toLowerCase();
  if (!HEX.test(lower)) throw new RangeError('a PDQ hash is 64 hexadecimal digits');
  const hash = new Uint16Array(16);
  for (let i = 0; i < 16; i++) hash[15 - i] = parseInt(lower.slice(i * 4, i * 4 + 4), 16);
  return hash;
}

/** @example isHexHash('ab'); // false */
export function isHexHash(value: string): boolean {
  return HEX.test(value.toLowerCase());
}

/**
 * Hamming distance: the number of differing bits, 0..256.
 *
 * @example
 * hammingDistance(fromHex('0'.repeat(64)), fromHex('0'.repeat(63) + '3')); // 2
 */
export function hammingDistance(a: Hash256, b: Hash256): number {
  let distance = 0;
  for (let i = 0; i < 16; i++) {
    let x = a[i] ^ b[i];
    x -= (x >> 1) & 0x5555;
    x = (x & 0x3333) + ((x >> 2) & 0x3333);
    x = (x + (x >> 4)) & 0x0f0f;
    distance += (x + (x >> 8)) & 0x1f;
  }
  return distance;
}

/** @example hexDistance('0'.repeat(64), 'f'.repeat(64)); // 256 */
export function hexDistance(a: string, b: string): number {
  return hammingDistance(fromHex(a), fromHex(b));
}
