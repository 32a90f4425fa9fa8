/**
 * Turns image bytes into the pixel buffer the pure PDQ core hashes, through sharp (libvips), with
 * heic-decode for HEIC, which sharp's prebuilt libvips cannot read. Decoding policy, chosen to match
 * the reference hasher's pixels:
 * - EXIF orientation is NOT applied (no reference applies it; dihedral matching covers rotations).
 * - Alpha is dropped, not composited over a background (what ImageMagick does for the reference).
 * - Embedded ICC profiles are ignored for RGB images, as the reference does; CMYK, Lab and other
 *   colour spaces are converted to sRGB; palettes are expanded; 16-bit samples are reduced to 8 bits. Greyscale stays one channel: its values are used as luma unchanged.
 * - GIF, animated WebP and multi-page TIFF: the first frame or page only.
 * Limits guard the server: bytes, pixels (checked from the header before any pixel is decoded, so a
 * 50,000 x 50,000 bomb costs nothing) and decode time. Only raster photo formats are read, told by
 * their content (sniff-image.ts): SVG and other vector or script formats are refused.
 */
import sharp from 'sharp';
import type { PixelBuffer } from '@redress/pdq';
import { MediaError } from './media-error.ts';
import { decodeHeic, isHeic } from './decode-heic.ts';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decode-limits.ts';

export { DEFAULT_DECODE_LIMITS, type DecodeLimits };
import { requireRaster, SHARP_FORMATS } from './sniff-image.ts';

sharp.cache(false); // every image is seen once: caching only holds memory
// One libvips thread per decode: images are decoded side by side on the hashing threads, and
// splitting each decode over more threads only added hand-offs (about 2 ms of CPU a JPEG).
sharp.concurrency(1);

/**
 * Decode an image held in memory.
 *
 * @example
 * const pixels = await decodeImage(await readFile('photo.jpg'));
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Promise<PixelBuffer> {
  if (bytes.length > limits.maxBytes) {
    throw new MediaError('MEDIA_TOO_LARGE', `file is ${bytes.length} bytes, the limit is ${limits.maxBytes}`);
  }
  const format = requireRaster(bytes);
  if (isHeic(bytes)) return decodeHeic(bytes, limits);
  const image = sharp(bytes, {
    limitInputPixels: limits.maxPixels,
    failOn: 'error',
    ignoreIcc: true,
    sequentialRead: true,
    pages: 1,
  }).timeout({ seconds: limits.timeoutSeconds });
  const metadata = await image.metadata().catch((error: unknown) => {
    throw classify(error);
  });
  // libvips picks its loader by its own sniffing: it must be the one the magic bytes announced
  // (metadata reads the header only, so a vector format is refused before anything is rendered).
  if (!SHARP_FORMATS[format].includes(metadata.format ?? '')) {
    throw new MediaError('MEDIA_UNSUPPORTED', 'not a supported image format');
  }
  const { width = 0, height = 0 } = metadata;
  if (width * height > limits.maxPixels) {
    throw new MediaError(
      'MEDIA_TOO_MANY_PIXELS',
      `${width}x${height} pixels is over the limit of ${limits.maxPixels}`,
    );
  }
  const grey = metadata.space === 'b-w' && (metadata.channels ?? 0) <= 2;
  const pipeline = grey ? image.extractChannel(0) : image.removeAlpha().toColourspace('srgb');
  const { data, info } = await pipeline
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw classify(error);
    });
  const channels = info.channels as PixelBuffer['channels'];
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels,
  };
}

function classify(error: unknown): MediaError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message))
    return new MediaError('MEDIA_TOO_MANY_PIXELS', 'image is over the pixel limit');
  if (/timeout/i.test(message)) return new MediaError('MEDIA_TIMEOUT', 'decoding took too long');
  if (/unsupported image format/i.test(message))
    return new MediaError('MEDIA_UNSUPPORTED', 'not a supported image format');
  return new MediaError('MEDIA_CORRUPT', `image data is malformed or truncated (${firstLine(message)})`);
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
