/**
 * HEIC (HEVC-coded HEIF, the iPhone's photo format) through heic-decode's WebAssembly libheif,
 * because sharp's prebuilt libvips reads only AVIF-coded HEIF. The size is read from the
 * container before any pixel is decoded, so the pixel limit holds here too; HEIC has a lower one,
 * because WebAssembly memory grows to the largest picture decoded and is never given back while
 * its thread lives (the hashing pool ends a thread after a large HEIC: see hash-pool.ts).
 */
import { createRequire } from 'node:module';
import type decodeHeicFile from 'heic-decode';
import type { PixelBuffer } from '@redress/pdq';
import { MediaError } from './media-error.ts';
import type { DecodeLimits } from './decode-limits.ts';

/** heic-decode's libheif instance (the same module object: require caches it), once a HEIC was
 *  decoded here: it is loaded on first use, so commands that never meet a HEIC do not pay for it. */
let libheif: { HEAPU8?: Uint8Array } | undefined;

/** Bytes of WebAssembly memory libheif holds in this thread: it grows, and never shrinks. */
export function heicMemoryBytes(): number {
  return libheif?.HEAPU8?.buffer.byteLength ?? 0;
}

const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);

/** True for an ISO-BMFF file whose major or compatible brands name HEVC-coded images. */
export function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min(bytes.length, (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
  if (HEVC_BRANDS.has(ascii(bytes, 8, 12))) return true;
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (HEVC_BRANDS.has(ascii(bytes, offset, offset + 4))) return true;
  }
  return false;
}

export async function decodeHeic(bytes: Uint8Array, limits: DecodeLimits): Promise<PixelBuffer> {
  let images: Awaited<ReturnType<typeof decodeHeicFile.all>>;
  try {
    const { default: heic } = await import('heic-decode');
    libheif ??= createRequire(import.meta.url)('libheif-js/wasm-bundle') as { HEAPU8?: Uint8Array };
    images = await heic.all({ buffer: bytes });
  } catch (error) {
    throw new MediaError('MEDIA_CORRUPT', `HEIC data is malformed or truncated (${String(error)})`);
  }
  try {
    const first = images[0];
    const maxPixels = Math.min(limits.maxPixels, limits.maxHeicPixels);
    if (first.width * first.height > maxPixels) {
      throw new MediaError(
        'MEDIA_TOO_MANY_PIXELS',
        `${first.width}x${first.height} pixels is over the HEIC limit of ${maxPixels}`,
      );
    }
    const { data, width, height } = await first.decode().catch((error: unknown) => {
      throw new MediaError('MEDIA_CORRUPT', `HEIC data is malformed or truncated (${String(error)})`);
    });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height, channels: 4 };
  } finally {
    images.dispose();
  }
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
