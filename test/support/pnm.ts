/**
 * Decodes images the way the reference tool does (ImageMagick `convert FILE pnm:-`), so the
 * pure PDQ core can be tested on exactly the reference's pixels, independently of sharp.
 */
import { execFileSync } from 'node:child_process';
import type { PixelBuffer } from '@redress/pdq';

export function decodeWithImageMagick(file: string): PixelBuffer {
  return parsePnm(execFileSync('/usr/bin/convert', ['-quiet', file, 'pnm:-'], { maxBuffer: 1 << 30 }));
}

export function parsePnm(bytes: Buffer): PixelBuffer {
  let offset = 0;
  const token = (): string => {
    for (;;) {
      while (/\s/.test(String.fromCharCode(bytes[offset]))) offset++;
      if (bytes[offset] !== 0x23) break; // '#': a comment runs to the end of the line
      while (bytes[offset] !== 0x0a) offset++;
    }
    const start = offset;
    while (!/\s/.test(String.fromCharCode(bytes[offset]))) offset++;
    return bytes.toString('latin1', start, offset);
  };
  const magic = token();
  const width = Number(token());
  const height = Number(token());
  const maxValue = magic === 'P4' ? 1 : Number(token());
  offset++; // the single whitespace byte before the raster
  if (magic === 'P6' || magic === 'P5') {
    const channels = magic === 'P6' ? 3 : 1;
    if (maxValue > 255) {
      const data = new Uint8Array(width * height * channels);
      for (let i = 0; i < data.length; i++) data[i] = bytes[offset + 2 * i]; // high byte of 16-bit samples
      return { data, width, height, channels };
    }
    return {
      data: new Uint8Array(bytes.subarray(offset, offset + width * height * channels)),
      width,
      height,
      channels,
    };
  }
  if (magic === 'P4') {
    const data = new Uint8Array(width * height);
    const stride = Math.ceil(width / 8);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = (bytes[offset + y * stride + (x >> 3)] >> (7 - (x & 7))) & 1;
        data[y * width + x] = bit ? 0 : 255;
      }
    }
    return { data, width, height, channels: 1 };
  }
  throw new Error(`unsupported PNM type ${magic}`);
}
