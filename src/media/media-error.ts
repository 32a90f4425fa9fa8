/**
 * Why a media file could not be hashed, as a stable machine code. The CLI prints the code next
 * to the file name; the HTTP layer maps codes to statuses in its one error table.
 */

export type MediaErrorCode =
  | 'MEDIA_NOT_FOUND' // no such file
  | 'MEDIA_TOO_LARGE' // more bytes than the configured file-size limit
  | 'MEDIA_TOO_MANY_PIXELS' // width x height above the pixel limit (decompression bomb)
  | 'MEDIA_UNSUPPORTED' // not an image format Redress decodes
  | 'MEDIA_CORRUPT' // a known format, but the data is malformed or truncated
  | 'MEDIA_TOO_LONG' // a video whose frames x pixels are over the decoding budget
  | 'MEDIA_TIMEOUT' // decoding took longer than the time limit
  | 'MEDIA_UNHASHABLE'; // decoded, but a side is under 5 px

export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}
