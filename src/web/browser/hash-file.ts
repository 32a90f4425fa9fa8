/**
 * Fingerprints the requester's own copy inside the page (TIDA-C6): SHA-256 of the file bytes and
 * PDQ of the decoded pixels, with the same `@redress/pdq` code the server runs. The pixels are
 * decoded without EXIF rotation and without colour conversion, as the server decoder does, so
 * the two hashes agree. Nothing here touches the network.
 */
import { bankVariants } from '@redress/match';
import { toHex } from '@redress/pdq';
import { encodeVariants } from '../../domain/item-variants.ts';
import { MATCH_PIPELINE_VERSION } from '@redress/match';

export interface FileHashes {
  sha256: string;
  pdq: string | null;
  /** The derived hashes a bank keeps of this picture (crops, tilts), encoded for the form. */
  variants: string;
}

const hex = (buf: ArrayBuffer) =>
  [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function hashFile(file: Blob): Promise<FileHashes> {
  const bytes = await file.arrayBuffer();
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  const bitmap = await createImageBitmap(file, {
    imageOrientation: 'none',
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d canvas');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  canvas.width = canvas.height = 0;
  // The same hashes `redress bank add` keeps of this file, so a takedown made from this
  // fingerprint alone also stops cropped and tilted copies.
  const banked = bankVariants({ data, width, height, channels: 4 }, { profile: 'reference' });
  const original = banked.find((v) => v.variant === 'original');
  const derived = banked
    .filter((v) => v.variant !== 'original')
    .map((v) => ({ variant: v.variant, pdq: toHex(v.hash), quality: v.quality }));
  return {
    sha256,
    pdq: original ? toHex(original.hash) : null,
    variants:
      original && derived.length > 0
        ? encodeVariants({ pipeline: MATCH_PIPELINE_VERSION, hashes: derived })
        : '',
  };
}
