/**
 * Finds the picture inside whatever was put around it: solid borders, letterbox and pillarbox bars,
 * and screenshot frames (white or dark margins, with status bars, names and buttons in bands of
 * their own). A row or column is "flat" when almost all its pixels sit within a few levels of its
 * mean, which JPEG noise on a solid bar does and real picture content does not. The picture is
 * the longest run of non-flat rows (short flat gaps inside it are kept: a calm sky row), then the
 * longest run of non-flat columns within those rows, refined once more. UI bands are separated from
 * the picture by flat margins, so they lose to it on length.
 */
import type { Box, GreyImage } from './grey.ts';

export interface TrimOptions {
  /** A pixel further than this from its line's mean makes it "active" (levels of 255). */
  readonly tolerance?: number;
  /** A line with at most this share of active pixels is flat. */
  readonly activeShare?: number;
  /** The picture must keep at least this share of each side, or nothing is trimmed. */
  readonly minKeep?: number;
  /** ... and at least this many working pixels on each side. */
  readonly minSide?: number;
}

const DEFAULTS: Required<TrimOptions> = { tolerance: 10, activeShare: 0.02, minKeep: 0.2, minSide: 40 };

/**
 * The box holding the picture, or the whole image when nothing was found around it or when what
 * would remain is under the floor (then the "frame" was probably part of the picture).
 *
 * @example
 * const image = { data: new Float32Array(100 * 100), width: 100, height: 100 }; // all black
 * contentBox(image); // { x: 0, y: 0, width: 100, height: 100 }: nothing but border is not trimmed to nothing
 */
export function contentBox(image: GreyImage, options: TrimOptions = {}): Box {
  const o = { ...DEFAULTS, ...options };
  const full: Box = { x: 0, y: 0, width: image.width, height: image.height };
  let box = full;
  for (let pass = 0; pass < 2; pass++) {
    const before = box;
    const rows = longestActiveRun(lineFlatness(image, box, 'rows', o), image.height);
    if (!rows) return full;
    box = { x: box.x, y: rows.start, width: box.width, height: rows.length };
    const cols = longestActiveRun(lineFlatness(image, box, 'columns', o), image.width);
    if (!cols) return full;
    box = { x: cols.start, y: box.y, width: cols.length, height: box.height };
    if (sameBox(box, before)) break; // a second pass over the same box finds the same box
  }
  const tooSmall =
    box.width < Math.max(o.minSide, image.width * o.minKeep) ||
    box.height < Math.max(o.minSide, image.height * o.minKeep);
  return tooSmall ? full : box;
}

function sameBox(a: Box, b: Box): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/**
 * True when `box` leaves out a noticeable part of the image (more than 2% of a side).
 *
 * @example
 * isTrimmed({ data: new Float32Array(100 * 100), width: 100, height: 100 }, { x: 10, y: 0, width: 80, height: 100 }); // true
 */
export function isTrimmed(image: GreyImage, box: Box): boolean {
  return box.width < image.width * 0.98 || box.height < image.height * 0.98;
}

/**
 * flat[i] for every row (or column) of the image; lines outside `within` are flat by definition,
 * and only the part of each line inside `within` is looked at.
 */
function lineFlatness(
  image: GreyImage,
  within: Box,
  along: 'rows' | 'columns',
  o: Required<TrimOptions>,
): Uint8Array {
  const { data, width } = image;
  const rows = along === 'rows';
  const flat = new Uint8Array(rows ? image.height : image.width).fill(1);
  const [from, to] = rows ? [within.y, within.y + within.height] : [within.x, within.x + within.width];
  const [spanFrom, spanTo] = rows
    ? [within.x, within.x + within.width]
    : [within.y, within.y + within.height];
  // Index of sample s of line l is l * lineStep + s * sampleStep.
  const [lineStep, sampleStep] = rows ? [width, 1] : [1, width];
  const length = spanTo - spanFrom;
  for (let line = from; line < to; line++) {
    const first = line * lineStep + spanFrom * sampleStep;
    const last = first + length * sampleStep;
    let sum = 0;
    for (let i = first; i < last; i += sampleStep) sum += data[i];
    const mean = sum / length;
    // Counting stops once the line is known not to be flat: in a picture that is within a few pixels.
    const limit = length * o.activeShare;
    let active = 0;
    for (let i = first; i < last && active <= limit; i += sampleStep) {
      if (Math.abs(data[i] - mean) > o.tolerance) active++;
    }
    flat[line] = active <= limit ? 1 : 0;
  }
  return flat;
}

/** The longest run of non-flat lines, bridging flat gaps of up to 1% of the side (at least 4 px: the space between lines of text). */
function longestActiveRun(flat: Uint8Array, side: number): { start: number; length: number } | null {
  const gap = Math.max(4, Math.floor(side * 0.01));
  let best: { start: number; length: number } | null = null;
  let start = -1;
  let lastActive = -1;
  const close = () => {
    if (start >= 0 && (!best || lastActive + 1 - start > best.length))
      best = { start, length: lastActive + 1 - start };
  };
  for (let i = 0; i < flat.length; i++) {
    if (flat[i]) continue;
    if (start >= 0 && i - lastActive - 1 > gap) {
      close();
      start = -1;
    }
    if (start < 0) start = i;
    lastActive = i;
  }
  close();
  return best;
}
