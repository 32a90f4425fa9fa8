/**
 * Is this upload a video? Decided from the container's magic bytes, never from a file name or a
 * Content-Type the sender chose: the same bytes must take the same path whoever sends them. Only
 * the containers ffmpeg is allowed to open (video-frames.ts) count; everything else goes to the
 * image decoder, which names what it cannot read.
 */

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/**
 * ISO-BMFF brands of still images (HEIF, HEIC, AVIF): they share MP4's `ftyp` box but are
 * pictures, decoded (first frame) by the image path.
 */
const IMAGE_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'mif2',
  'msf1',
  'avif',
  'avis',
]);

/** QuickTime files from before `ftyp` start with one of these atoms. */
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

const TS_PACKET = 188;

/**
 * @example
 * isVideoContainer(await readFile('clip.mp4')); // true
 * isVideoContainer(await readFile('photo.heic')); // false: an image in an MP4-like box
 */
export function isVideoContainer(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const box = ascii(bytes, 4, 4);
  if (box === 'ftyp') return !IMAGE_BRANDS.has(ascii(bytes, 8, 4));
  if (QUICKTIME_ATOMS.has(box)) return true;
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return true; // Matroska, WebM
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'AVI ') return true;
  if (ascii(bytes, 0, 3) === 'FLV' && bytes[3] === 1) return true;
  return isTransportStream(bytes, 0, TS_PACKET) || isTransportStream(bytes, 4, TS_PACKET + 4); // TS, M2TS
}

/** MPEG-TS has no header: a sync byte (0x47) at the start of three packets in a row. */
function isTransportStream(bytes: Uint8Array, first: number, stride: number): boolean {
  if (bytes.length < first + 2 * stride + 1) return false;
  return [0, 1, 2].every((i) => bytes[first + i * stride] === 0x47);
}
