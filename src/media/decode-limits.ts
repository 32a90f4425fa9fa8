/** The limits every image decode is held to (src/media/decode-image.ts), in a module free of sharp. */
export interface DecodeLimits {
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
  /** Largest accepted width x height. */
  readonly maxPixels: number;
  /** Largest accepted width x height of a HEIC, decoded in WebAssembly at 4 bytes a pixel. */
  readonly maxHeicPixels: number;
  /** Longest a single decode may take. */
  readonly timeoutSeconds: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPixels: 100_000_000,
  maxHeicPixels: 50_000_000, // a 48-megapixel phone photo, not much more
  timeoutSeconds: 20,
};
