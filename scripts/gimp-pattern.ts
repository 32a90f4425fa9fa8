/**
 * Reads GIMP's `.pat` pattern files (gimp-data ships wood, fabric, stone and paper textures in
 * this format), so the corpus script can use them without an image converter. Layout: a big-endian
 * header (header size, version, width, height, bytes per pixel, magic "GPAT", name), then raw pixels.
 */

export interface GimpPattern {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

/**
 * Decode a `.pat` file held in memory.
 *
 * @example
 * const pattern = readGimpPattern(readFileSync('/usr/share/gimp/2.0/patterns/Wood/wood1.pat'));
 */
export function readGimpPattern(bytes: Uint8Array): GimpPattern {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(0);
  const width = view.getUint32(8);
  const height = view.getUint32(12);
  const channels = view.getUint32(16) as GimpPattern['channels'];
  const magic = String.fromCharCode(...bytes.subarray(20, 24));
  if (magic !== 'GPAT') throw new Error('not a GIMP pattern');
  return {
    data: bytes.subarray(headerSize, headerSize + width * height * channels),
    width,
    height,
    channels,
  };
}
