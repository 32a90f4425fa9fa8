import { describe, expect, it } from 'vitest';
import { fromHex, hammingDistance, hexDistance, isHexHash, pdqHash, toHex } from '@redress/pdq';

const ZERO = '0'.repeat(64);

describe('hex serialisation', () => {
  it('round-trips and prints word 15 first', () => {
    const hash = new Uint16Array(16);
    hash[15] = 0xabcd;
    hash[0] = 0x0001;
    expect(toHex(hash)).toBe('abcd' + '0'.repeat(56) + '0001');
    expect(toHex(fromHex(toHex(hash)))).toBe(toHex(hash));
  });
  it('accepts upper case and rejects anything but 64 hex digits', () => {
    expect(toHex(fromHex('AB'.repeat(32)))).toBe('ab'.repeat(32));
    expect(() => fromHex('ab')).toThrow(RangeError);
    expect(() => fromHex('g'.repeat(64))).toThrow(RangeError);
    expect(isHexHash(ZERO)).toBe(true);
    expect(isHexHash(ZERO + '0')).toBe(false);
  });
});

describe('distance', () => {
  it('counts differing bits in every word', () => {
    expect(hexDistance(ZERO, 'f'.repeat(64))).toBe(256);
    expect(hexDistance(ZERO, '8' + '0'.repeat(62) + '1')).toBe(2);
    const a = fromHex('0123456789abcdef'.repeat(4));
    expect(hammingDistance(a, a)).toBe(0);
  });
});

describe('unhashable input', () => {
  it('reports a side under 5 px instead of returning a hash', () => {
    const result = pdqHash({ data: new Uint8Array(4 * 40 * 3), width: 4, height: 40, channels: 3 });
    expect(result).toMatchObject({ hashable: false, reason: 'too-small', quality: 0 });
  });
  it('rejects a buffer too short for its stated size', () => {
    expect(() => pdqHash({ data: new Uint8Array(10), width: 10, height: 10, channels: 3 })).toThrow(
      RangeError,
    );
  });
  it('gives quality 0 for a flat picture', () => {
    const result = pdqHash({
      data: new Uint8Array(100 * 100).fill(128),
      width: 100,
      height: 100,
      channels: 1,
    });
    expect(result.quality).toBe(0);
  });
});
