// What is banked and what is computed per upload: names, floors, and that a framed or tilted copy
// lands close to the banked variant meant for it.
import { describe, expect, it } from 'vitest';
import { hammingDistance, pdqHash } from '@redress/pdq';
import {
  bankVariants,
  centreBox,
  queryHashes,
  rotatedCentre,
  workingImage,
  MIN_VARIANT_SIDE,
} from '@redress/match';
import type { PixelBuffer } from '@redress/pdq';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { decodeImage } from '../../src/media/decode-image.ts';

const BRIDGE = readFileSync('test/fixtures/robustness/originals/bridge.jpg');

async function photo(width?: number, height?: number): Promise<PixelBuffer> {
  const bytes = width ? await sharp(BRIDGE).resize(width, height, { fit: 'fill' }).png().toBuffer() : BRIDGE;
  return decodeImage(bytes);
}

function withBorder(image: PixelBuffer, border: number, value: number): PixelBuffer {
  const W = image.width + 2 * border;
  const H = image.height + 2 * border;
  const data = new Uint8Array(W * H * 3).fill(value);
  for (let y = 0; y < image.height; y++) {
    data.set(
      image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3),
      ((y + border) * W + border) * 3,
    );
  }
  return { data, width: W, height: H, channels: 3 };
}

const byName = (list: ReturnType<typeof bankVariants>) => new Map(list.map((v) => [v.variant, v.hash]));

describe('bankVariants', () => {
  it('stores the plain PDQ hash first, bit for bit, then named derived variants', async () => {
    const image = await photo();
    const stored = bankVariants(image);
    const plain = pdqHash(image);
    expect(stored[0].variant).toBe('original');
    expect(plain.hashable && hammingDistance(stored[0].hash, plain.hash)).toBe(0);
    expect(stored.map((v) => v.variant)).toEqual(
      expect.arrayContaining(['whole', 'crop-5', 'crop-15', 'crop-40', 'rot+3', 'rot-3']),
    );
  });

  it('does not crop an already small picture below the floor', async () => {
    const small = bankVariants(await photo(64, 64)).map((v) => v.variant);
    expect(small).toContain('crop-10'); // 57.6 px left: above the floor
    expect(small).not.toContain('crop-30'); // 44.8 px: under it
    expect(small).not.toContain('crop-40');
    expect(centreBox(workingImage(await photo(50, 50)), 0.9, MIN_VARIANT_SIDE)).toBeNull();
  });
});

describe('queryHashes', () => {
  it('computes plain PDQ in 8 orientations and the stable-grid variants', async () => {
    const names = queryHashes(await photo()).map((v) => v.variant);
    expect(names.slice(0, 8)).toEqual([
      'original',
      'original/rot90',
      'original/rot180',
      'original/rot270',
      'original/flipx',
      'original/flipy',
      'original/flipplus1',
      'original/flipminus1',
    ]);
    expect(names).toContain('whole');
    expect(names).toContain('inner-30');
    expect(names).not.toContain('trimmed/whole'); // no frame found
  });

  it('gives the plain orientations only when derived hashes are turned off', async () => {
    const pixels = await photo();
    const all = queryHashes(pixels);
    const plain = queryHashes(pixels, { derived: false });
    expect(plain.map((v) => v.variant)).toEqual(all.slice(0, 8).map((v) => v.variant));
    expect(plain.map((v) => v.hash)).toEqual(all.slice(0, 8).map((v) => v.hash));
  });

  it('finds the picture inside a border and hashes it close to the banked whole picture', async () => {
    const image = await photo();
    const bank = byName(bankVariants(image));
    const query = byName(queryHashes(withBorder(image, 40, 250)));
    expect(query.has('trimmed/whole')).toBe(true);
    expect(hammingDistance(query.get('trimmed/whole')!, bank.get('whole')!)).toBeLessThanOrEqual(16);
  });

  it('hashes a tilted copy close to the banked tilt', async () => {
    const image = await photo();
    const bank = byName(bankVariants(image));
    const work = workingImage(image);
    const tilted = rotatedCentre(work, 3, 1); // the expanded, tilted canvas (corners clamped, not filled)
    const pixels: PixelBuffer = {
      data: Uint8Array.from(tilted.data),
      width: tilted.width,
      height: tilted.height,
      channels: 1,
    };
    const inner = byName(queryHashes(pixels)).get('inner-30')!;
    expect(
      Math.min(hammingDistance(inner, bank.get('rot+3')!), hammingDistance(inner, bank.get('rot-3')!)),
    ).toBeLessThanOrEqual(16);
  });
});
