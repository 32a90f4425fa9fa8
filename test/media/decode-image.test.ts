/**
 * The decoding adapter: every pixel mode and container decodes to the same picture, and hostile
 * input (garbage, truncation, a decompression bomb, oversize files) fails fast with a clear code.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hexDistance, toHex } from '@redress/pdq';
import { decodeImage, DEFAULT_DECODE_LIMITS } from '../../src/media/decode-image.ts';
import { hashImageBytes } from '../../src/media/hash-image.ts';
import { FIXTURES, PDQ_FIXTURES } from '../support/fixtures.ts';

const MODES = `${PDQ_FIXTURES}misc-images/modes/`;
const ORIGINAL = readFileSync(`${MODES}original.jpg`);
const hexOf = async (bytes: Uint8Array) => toHex((await hashImageBytes(bytes)).dihedral[0]);
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'decoded',
    (error: { code?: string }) => error.code,
  );

describe('pixel modes of misc-images/modes/', () => {
  // 1-bit dithering does not keep the picture, only its outline: it must still match (<= 31).
  it('1.png (bilevel, dithered) still matches the original', async () => {
    const distance = hexDistance(await hexOf(readFileSync(`${MODES}1.png`)), await hexOf(ORIGINAL));
    expect(distance).toBeLessThanOrEqual(31);
  });
  const files = ['L.png', 'LA.png', 'P.png', 'RGBA.png', 'CMYK.jpg', 'RGB.jpg', 'YCbCr.jpg'].concat([
    'F.webp',
    'HSV.webp',
    'I.webp',
    'LAB.webp',
    'PA.webp',
  ]);
  it.each(files)('%s lands within 10 bits of the original', async (file) => {
    const distance = hexDistance(await hexOf(readFileSync(MODES + file)), await hexOf(ORIGINAL));
    expect(distance).toBeLessThanOrEqual(10);
  });
});

describe('containers', () => {
  const small = () => sharp(ORIGINAL).resize(480); // keeps the AVIF encoder quick
  const reencode = {
    gif: () => small().gif().toBuffer(),
    avif: () => small().avif({ quality: 80 }).toBuffer(),
    tiff: () => small().tiff().toBuffer(),
    'png, 16-bit': () => small().toColourspace('rgb16').png().toBuffer(),
  };
  it.each(Object.keys(reencode))('%s decodes to the same picture', async (kind) => {
    const bytes = await reencode[kind as keyof typeof reencode]();
    const lossless = await small().png().toBuffer();
    expect(hexDistance(await hexOf(bytes), await hexOf(lossless))).toBeLessThanOrEqual(10);
  });

  it('HEIC decodes through heic-decode to the same picture as its JPEG source', async () => {
    const heic = readFileSync(`${FIXTURES}bridge.heic`);
    const jpeg = readFileSync(`${PDQ_FIXTURES}bridge-mods/square-512x512.jpg`);
    expect(hexDistance(await hexOf(heic), await hexOf(jpeg))).toBeLessThanOrEqual(10);
  });

  it('GIF: only the first frame of an animation is hashed', async () => {
    const picture = await sharp(ORIGINAL).resize(160, 100, { fit: 'fill' }).raw().toBuffer();
    const blank = Buffer.alloc(picture.length, 255);
    const animation = (frames: Buffer[]) =>
      sharp(Buffer.concat(frames), {
        raw: { width: 160, height: 100 * frames.length, channels: 3, pageHeight: 100 },
      })
        .gif()
        .toBuffer();
    const pixels = await decodeImage(await animation([picture, blank]));
    expect([pixels.width, pixels.height]).toEqual([160, 100]);
    const first = await hexOf(await animation([picture, blank]));
    expect(hexDistance(first, await hexOf(await animation([picture])))).toBe(0);
    expect(hexDistance(first, await hexOf(await animation([blank, picture])))).toBeGreaterThan(31);
  });
});

describe('hostile input', () => {
  it('rejects random bytes as an unsupported format', async () => {
    expect(await codeOf(decodeImage(new Uint8Array(4096).fill(7)))).toBe('MEDIA_UNSUPPORTED');
  });

  it('refuses SVG, PDF and PostScript by their content, however the SVG is dressed', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>';
    const dressed = [
      svg,
      `\uFEFF  \n<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn -->\n${svg}`,
      `<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">${svg}`,
    ];
    for (const text of dressed) {
      const error = await decodeImage(Buffer.from(text)).catch((e: { code: string; message: string }) => e);
      expect(error).toMatchObject({ code: 'MEDIA_UNSUPPORTED', message: expect.stringMatching(/^SVG/) });
    }
    for (const [text, kind] of [
      ['%PDF-1.7\n1 0 obj', 'PDF'],
      ['%!PS-Adobe-3.0 EPSF-3.0', 'PostScript'],
    ]) {
      const error = await decodeImage(Buffer.from(text)).catch((e: { code: string; message: string }) => e);
      expect(error).toMatchObject({ code: 'MEDIA_UNSUPPORTED', message: expect.stringContaining(kind) });
    }
  });

  it('rejects a truncated JPEG as corrupt', async () => {
    expect(await codeOf(decodeImage(ORIGINAL.subarray(0, ORIGINAL.length / 3)))).toBe('MEDIA_CORRUPT');
  });

  it('rejects a truncated PNG as corrupt', async () => {
    const png = readFileSync(`${MODES}RGBA.png`);
    expect(await codeOf(decodeImage(png.subarray(0, png.length / 2)))).toBe('MEDIA_CORRUPT');
  });

  it('rejects a file over the byte limit before decoding it', async () => {
    const limits = { ...DEFAULT_DECODE_LIMITS, maxBytes: 1000 };
    expect(await codeOf(decodeImage(ORIGINAL, limits))).toBe('MEDIA_TOO_LARGE');
  });

  it('rejects a 50,000 x 50,000 PNG bomb from its header, in bounded memory', async () => {
    const bomb = pngBomb(50_000, 50_000);
    expect(bomb.length).toBeLessThan(2_000_000); // 2.5 gigapixels in a small file: a real bomb
    const before = process.memoryUsage().rss;
    expect(await codeOf(decodeImage(bomb))).toBe('MEDIA_TOO_MANY_PIXELS');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('enforces the configured pixel limit, below libvips own default', async () => {
    const limits = { ...DEFAULT_DECODE_LIMITS, maxPixels: 10_000_000 };
    expect(await codeOf(decodeImage(pngBomb(5000, 5000), limits))).toBe('MEDIA_TOO_MANY_PIXELS');
    expect(await codeOf(decodeImage(pngBomb(3000, 3000), limits))).toBe('decoded');
  });

  it('reports an image under 5 px as unhashable', async () => {
    const tiny = await sharp({ create: { width: 4, height: 40, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    expect(await codeOf(hashImageBytes(tiny))).toBe('MEDIA_UNHASHABLE');
  });
});

/** A valid 1-bit greyscale PNG of all-black rows: tiny on disk, gigapixels once decoded. */
function pngBomb(width: number, height: number): Buffer {
  const row = Buffer.alloc(1 + Math.ceil(width / 8));
  const raw = Buffer.alloc(row.length * height); // zero filter byte + zero pixels on every row
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
