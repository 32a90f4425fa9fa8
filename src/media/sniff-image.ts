/**
 * Which raster format image bytes are in, told from their magic bytes, never from a name or a
 * Content-Type. Only photo formats are decoded: vector and script formats (SVG, PDF, PostScript)
 * are programs for a renderer, whose cost a 236-byte file can make unbounded (an SVG filter over
 * a 10,000 x 10,000 canvas rendered for minutes in gigabytes), and nobody shares a photo as one.
 */
import { MediaError } from './media-error.ts';

export type RasterFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'heif';

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length));

const startsWith = (bytes: Uint8Array, magic: number[]): boolean =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** The raster format of `bytes`, or undefined when they are none Redress decodes. */
export function rasterFormatOf(bytes: Uint8Array): RasterFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  const tiff = ascii(bytes, 0, 4);
  if (tiff === 'II*\0' || tiff === 'MM\0*' || tiff === 'II+\0' || tiff === 'MM\0+') return 'tiff';
  if (ascii(bytes, 4, 4) === 'ftyp') return 'heif'; // HEIC and AVIF; videos never get here
  return undefined;
}

/** sharp's name for each format (`metadata().format`), to hold it to what the bytes announced. */
export const SHARP_FORMATS: Record<RasterFormat, readonly string[]> = {
  jpeg: ['jpeg'],
  png: ['png'],
  gif: ['gif'],
  webp: ['webp'],
  tiff: ['tiff'],
  heif: ['heif'],
};

/** The format, or MEDIA_UNSUPPORTED saying what the bytes are when they are a known non-photo. */
export function requireRaster(bytes: Uint8Array): RasterFormat {
  const format = rasterFormatOf(bytes);
  if (format) return format;
  const kind = vectorKindOf(bytes);
  throw new MediaError(
    'MEDIA_UNSUPPORTED',
    kind
      ? `${kind} is not accepted: send the picture as JPEG, PNG, WebP, GIF, TIFF, HEIC or AVIF`
      : 'not a supported image format',
  );
}

function vectorKindOf(bytes: Uint8Array): string | undefined {
  if (ascii(bytes, 0, 5) === '%PDF-') return 'PDF';
  if (ascii(bytes, 0, 2) === '%!' || startsWith(bytes, [0xc5, 0xd0, 0xd3, 0xc6])) return 'PostScript';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip-compressed data';
  // Markup: an SVG may open with a byte-order mark, white space, an XML declaration or comments.
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096));
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('<')) return undefined;
  return /<svg[\s>]/i.test(head) ? 'SVG (vector graphics)' : 'XML or HTML';
}
