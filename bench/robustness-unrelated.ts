/**
 * Unrelated images for the false-match check: every frame of the vPDQ fixture videos (chairs, a
 * doorknob, a pattern, many with black bars, which exercises trimming) and seeded random crops of
 * Debian wallpapers and gimp-data textures that are NOT in the robustness corpus. The crops are
 * made until enough query hashes have been produced. Nothing here can depict a banked picture.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { PixelBuffer } from '@redress/pdq';
import { readGimpPattern } from '../scripts/gimp-pattern.ts';

/** Videos to take frames from: the project's two fixture videos, or a larger folder of benign
 *  clips named by BENCH_VIDEO_DIR (the full vPDQ fixture set was used for the published numbers). */
const VIDEOS = process.env.BENCH_VIDEO_DIR ?? new URL('../test/fixtures/vpdq', import.meta.url).pathname;
const WALLPAPERS = [
  'Fossa_by_Jasper_Roks.jpg',
  'Painting-Colors_by__herobrine7gamer.jpg',
  'Picture_0B_by_freespace.jpg',
  'Picture_1A_by_freespace.jpg',
  'analogpattern_by_Peter_Nerlich.jpg',
  'calla.png',
  'city.png',
  'desert.png',
  'fluent-color.png',
  'focal-ubuntukylin.png',
  'free_by_Peter_Nerlich.jpg',
  'greentock_by_Peter_Nerlich.jpg',
  'rhythm.jpg',
  'rollpaper.png',
  'umang_by_Abhishek_Mudgal.jpg',
  'sway/Sway_Wallpaper_Blue_1920x1080.png',
].map((f) => join('/usr/share/backgrounds', f));
const PATTERNS = [
  'Wood/pine.pat',
  'Wood/walnut.pat',
  'Stone/granite1.pat',
  'Stone/slate.pat',
  'Fabric/burlap.pat',
  'Paper/paper.pat',
].map((f) => join('/usr/share/gimp/2.0/patterns', f));
const FRAME_SIDE = 256;

/** Every frame of every fixture video, scaled to at most 256 px. */
export async function* videoFrames(dir = VIDEOS): AsyncGenerator<PixelBuffer> {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.mp4'))
    .sort()) {
    const path = join(dir, file);
    const [w, h] = execFileSync('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      path,
    ])
      .toString()
      .trim()
      .split(',')
      .map(Number);
    const scale = FRAME_SIDE / Math.max(w, h);
    const [width, height] = [Math.round(w * scale) & ~1, Math.round(h * scale) & ~1];
    const ffmpeg = spawn('ffmpeg', [
      '-v',
      'error',
      '-i',
      path,
      '-vf',
      `scale=${width}:${height}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ]);
    const size = width * height * 3;
    let pending = Buffer.alloc(0);
    for await (const chunk of ffmpeg.stdout) {
      pending = Buffer.concat([pending, chunk as Buffer]);
      while (pending.length >= size) {
        yield { data: new Uint8Array(pending.subarray(0, size)), width, height, channels: 3 };
        pending = pending.subarray(size);
      }
    }
  }
}

/** A small deterministic PRNG (mulberry32), so the crops are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function sources(): Promise<Array<{ data: Buffer; width: number; height: number }>> {
  const out = [];
  for (const path of WALLPAPERS.filter(existsSync)) {
    const { data, info } = await sharp(path)
      .resize(1024, 1024, { fit: 'inside' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.push({ data, width: info.width, height: info.height });
  }
  for (const path of PATTERNS.filter(existsSync)) {
    const p = readGimpPattern(readFileSync(path));
    const tile = sharp(p.data, { raw: { width: p.width, height: p.height, channels: p.channels } });
    const { data, info } = await tile
      .resize(640, 480, { fit: 'cover' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.push({ data, width: info.width, height: info.height });
  }
  return out;
}

/** Seeded random crops (10-100% of each side, anywhere) of the unrelated photos, endlessly. */
export async function* photoCrops(seed = 7): AsyncGenerator<PixelBuffer> {
  const images = await sources();
  if (images.length === 0) return;
  const next = random(seed);
  for (let n = 0; ; n++) {
    const image = images[n % images.length];
    const width = Math.max(32, Math.round(image.width * (0.1 + 0.9 * next())));
    const height = Math.max(32, Math.round(image.height * (0.1 + 0.9 * next())));
    const left = Math.floor(next() * (image.width - width + 1));
    const top = Math.floor(next() * (image.height - height + 1));
    const { data, info } = await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: 3 },
    })
      .extract({ left, top, width, height })
      .resize(FRAME_SIDE, FRAME_SIDE, { fit: 'inside' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    yield { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
  }
}
