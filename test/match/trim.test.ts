// Border and frame trimming: finds pictures inside solid borders, bars and JPEG noise, and leaves
// pictures whose own edge is dark (or that would shrink under the floor) alone.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { contentBox, isTrimmed, workingImage, type GreyImage } from '@redress/match';
import type { PixelBuffer } from '@redress/pdq';

/** A busy, photo-like grey picture (deterministic). */
function picture(width: number, height: number, base = 60, spread = 150): Uint8Array {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v =
        base + spread * (0.5 + 0.25 * Math.sin(x / 7) * Math.cos(y / 5) + 0.25 * Math.sin((x + y) / 13));
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return data;
}

const grey = (data: Uint8Array, width: number, height: number): GreyImage => ({
  data: Float32Array.from(data),
  width,
  height,
});

async function jpegRoundTrip(
  data: Uint8Array,
  width: number,
  height: number,
  quality: number,
): Promise<PixelBuffer> {
  const jpeg = await sharp(data, { raw: { width, height, channels: 1 } })
    .jpeg({ quality })
    .toBuffer();
  const out = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(out.data),
    width: out.info.width,
    height: out.info.height,
    channels: out.info.channels as 1,
  };
}

/** `inner` placed at (left, top) on a flat canvas of `value`. */
function framed(
  inner: Uint8Array,
  w: number,
  h: number,
  W: number,
  H: number,
  left: number,
  top: number,
  value: number,
) {
  const data = new Uint8Array(W * H).fill(value);
  for (let y = 0; y < h; y++) data.set(inner.subarray(y * w, (y + 1) * w), (top + y) * W + left);
  return data;
}

describe('contentBox', () => {
  it('finds a picture inside a solid border, through heavy JPEG noise', async () => {
    const data = framed(picture(200, 150), 200, 150, 260, 210, 30, 30, 240);
    const work = workingImage(await jpegRoundTrip(data, 260, 210, 20));
    const box = contentBox(work);
    // JPEG ringing may keep up to one 8x8 block of border on a side.
    expect(box.x).toBeGreaterThanOrEqual(22);
    expect(box.x).toBeLessThanOrEqual(31);
    expect(box.y).toBeGreaterThanOrEqual(22);
    expect(box.y).toBeLessThanOrEqual(31);
    expect(box.x + box.width).toBeGreaterThanOrEqual(229);
    expect(box.x + box.width).toBeLessThanOrEqual(238);
    expect(box.y + box.height).toBeGreaterThanOrEqual(179);
    expect(box.y + box.height).toBeLessThanOrEqual(188);
  });

  it('removes letterbox bars', () => {
    const data = framed(picture(240, 135), 240, 135, 240, 240, 0, 52, 0);
    const box = contentBox(grey(data, 240, 240));
    expect(box).toEqual({ x: 0, y: 52, width: 240, height: 135 });
  });

  it('keeps a picture whose top edge is genuinely dark (textured shadow, not a bar)', async () => {
    const width = 240;
    const height = 180;
    const data = picture(width, height);
    let seed = 12345;
    for (let i = 0; i < width * 50; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = 2 + ((seed >>> 16) % 36); // shadow: values 2..37, dark but textured, not a flat bar
    }
    const work = workingImage(await jpegRoundTrip(data, width, height, 60));
    expect(isTrimmed(work, contentBox(work))).toBe(false);
  });

  it('never trims below the floor: a thumbnail in a huge frame, or nothing but frame', () => {
    const tiny = framed(picture(30, 30), 30, 30, 300, 300, 135, 135, 255);
    expect(contentBox(grey(tiny, 300, 300))).toEqual({ x: 0, y: 0, width: 300, height: 300 });
    const blank = new Uint8Array(100 * 80).fill(17);
    expect(contentBox(grey(blank, 100, 80))).toEqual({ x: 0, y: 0, width: 100, height: 80 });
  });

  it('separates a picture from the UI bands of a screenshot', () => {
    const W = 200;
    const H = 360;
    const data = framed(picture(180, 160), 180, 160, W, H, 10, 90, 255);
    for (let y = 20; y < 40; y++) for (let x = 20; x < 120; x += 3) data[y * W + x] = 0; // "account name" text
    for (let y = 280; y < 300; y++) for (let x = 20; x < 160; x += 4) data[y * W + x] = 30; // caption text
    const box = contentBox(grey(data, W, H));
    expect(box).toEqual({ x: 10, y: 90, width: 180, height: 160 });
  });
});
