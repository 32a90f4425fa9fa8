/**
 * Reads an image file within the size limit, before any decoding: a missing file and an
 * oversized one are media errors with their stable codes, like any other bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decode-limits.ts';
import { MediaError } from './media-error.ts';

export async function readImageFile(
  file: string,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Promise<Uint8Array> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new MediaError('MEDIA_NOT_FOUND', 'no such file');
    },
  );
  if (size > limits.maxBytes) {
    throw new MediaError('MEDIA_TOO_LARGE', `file is ${size} bytes, the limit is ${limits.maxBytes}`);
  }
  return readFile(file);
}
