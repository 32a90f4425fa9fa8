/**
 * What a caller is told when media or a URL could not be used. The adapters' own messages name
 * temporary files, decoder and ffmpeg output and the addresses a host resolved to: useful in the
 * log, not for the caller. The code is stable; the message is one human sentence per code.
 */
const MESSAGES: Record<string, string> = {
  MEDIA_NOT_FOUND: 'the media could not be found',
  MEDIA_TOO_LARGE: 'the media is over the size limit',
  MEDIA_TOO_MANY_PIXELS: 'the image is over the pixel limit',
  MEDIA_UNSUPPORTED: 'the media is not in a supported image or video format',
  MEDIA_CORRUPT: 'the media is malformed or truncated',
  MEDIA_TIMEOUT: 'reading the media took longer than allowed',
  MEDIA_UNHASHABLE: 'the media is too small or too flat to hash',
  FETCH_REFUSED: 'this URL may not be fetched (scheme, host or address not allowed)',
  FETCH_FAILED: 'the URL could not be fetched',
  FETCH_TOO_LARGE: 'the file at the URL is over the size limit',
  FETCH_TIMEOUT: 'the URL did not answer in time',
  FETCH_STATUS: 'the URL did not answer with the file',
};

/** The media and fetch adapters fail with their own stable codes (MEDIA_*, FETCH_*): the input
 *  (a file, a URL) could not be used, which is the caller's to fix. */
export function isAdapterCode(code: unknown): code is string {
  return typeof code === 'string' && /^(MEDIA|FETCH)_/.test(code);
}

/**
 * Codes whose messages the service writes itself, from sizes, limits and formats only (never a
 * path, a decoder's or ffmpeg's output, or an address): the caller is told exactly why.
 */
const OWN_MESSAGES = new Set([
  'MEDIA_UNSUPPORTED',
  'MEDIA_TOO_LARGE',
  'MEDIA_TOO_MANY_PIXELS',
  'MEDIA_TOO_LONG',
  'MEDIA_TIMEOUT',
  'MEDIA_UNHASHABLE',
]);

export function adapterMessage(code: string, message?: string): string {
  if (message && OWN_MESSAGES.has(code)) return message;
  return (
    MESSAGES[code] ?? (code.startsWith('FETCH_') ? MESSAGES.FETCH_FAILED : 'the media could not be read')
  );
}
