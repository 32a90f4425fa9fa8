/**
 * Small benign video clips made by Debian's ffmpeg at test time (no video of people is ever
 * committed or generated): an 8-second Mandelbrot zoom to bank, and its copies as a re-uploader
 * would make them. The zoom changes every frame (frames half a second apart are 20-36 bits
 * apart), so copies whose frames do not line up with the banked ones are a hard case.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];

export interface VideoClips {
  /** The clip that is banked: 320x180, 25 fps, 8 s, MP4. */
  original: string;
  /** Scaled to 256x144, 30 fps, heavily recompressed (CRF 36), in Matroska. */
  resized: string;
  /** 3.5 s of test card before the original and 2 s of colour bars after it, in MPEG-TS. */
  padded: string;
  /** Another 8 s Mandelbrot zoom, elsewhere in the set: same look, different pictures. */
  unrelated: string;
  /** The first half of the original's bytes. */
  truncated: string;
}

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

export async function makeVideoClips(dir: string): Promise<VideoClips> {
  const at = (name: string) => path.join(dir, name);
  const clips: VideoClips = {
    original: at('original.mp4'),
    resized: at('resized.mkv'),
    padded: at('padded.ts'),
    unrelated: at('unrelated.mp4'),
    truncated: at('truncated.mp4'),
  };
  const zoom = (extra: string) => `mandelbrot=size=320x180:rate=25${extra}`;
  await ffmpeg(['-f', 'lavfi', '-i', zoom(''), '-t', '8', ...X264, clips.original]);
  await Promise.all([
    ffmpeg(['-i', clips.original, '-vf', 'scale=256:144', '-r', '30', ...X264, '-crf', '36', clips.resized]),
    ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3.5'],
      ...['-i', clips.original],
      ...['-f', 'lavfi', '-i', 'smptebars=size=320x180:rate=25:duration=2'],
      ...['-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0'],
      ...X264,
      clips.padded,
    ]),
    ffmpeg([
      ...['-f', 'lavfi', '-i', zoom(':start_x=-0.10109636384562:start_y=0.95628651080914:start_scale=0.01')],
      ...['-t', '8', ...X264, clips.unrelated],
    ]),
  ]);
  const bytes = readFileSync(clips.original);
  writeFileSync(clips.truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return clips;
}
