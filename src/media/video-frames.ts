/**
 * Video frames for vPDQ, decoded by Debian's ffmpeg (spawned, never linked: it gets the
 * distribution's security updates) and read as raw RGB from a pipe, one frame at a time, so a
 * long video never sits in memory. ffprobe reads the size and frame rate first; the pixel
 * limit and a frame cap hold before any frame is decoded, and a time limit kills a stuck decode.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { pdqHash, type PdqProfile, type VpdqFrame } from '@redress/pdq';
import { MediaError } from './media-error.ts';

const run = promisify(execFile);

/**
 * Untrusted input may only be read as a local file in a video container: ffmpeg would otherwise
 * guess formats (a text file "plays" as a tty video) and follow references in playlists (HLS can
 * make it open other files or URLs).
 */
const INPUT_RESTRICTIONS = [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  'mov,mp4,matroska,webm,avi,mpegts,flv',
];

export interface VideoLimits {
  readonly maxPixelsPerFrame: number;
  readonly maxFrames: number;
  readonly timeoutSeconds: number;
}

const DEFAULT_VIDEO_LIMITS: VideoLimits = {
  maxPixelsPerFrame: 8_294_400,
  maxFrames: 20_000,
  timeoutSeconds: 300,
};

interface VideoInfo {
  width: number;
  height: number;
  framesPerSecond: number;
}

async function probe(file: string): Promise<VideoInfo> {
  let stdout: string;
  try {
    ({ stdout } = await run('ffprobe', [
      ...INPUT_RESTRICTIONS,
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height,avg_frame_rate',
      '-of',
      'json',
      file,
    ]));
  } catch (error) {
    const detail = String((error as { stderr?: string }).stderr ?? error)
      .trim()
      .split('\n')[0];
    throw new MediaError('MEDIA_CORRUPT', `video cannot be read (${detail})`);
  }
  const stream = (
    JSON.parse(stdout) as { streams?: { width: number; height: number; avg_frame_rate: string }[] }
  ).streams?.[0];
  if (!stream) throw new MediaError('MEDIA_UNSUPPORTED', 'no video stream');
  const [num, den] = stream.avg_frame_rate.split('/').map(Number);
  return { width: stream.width, height: stream.height, framesPerSecond: den ? num / den : 0 };
}

/**
 * Hashes every frame of a video file (vPDQ), in order, at full resolution: the reference vPDQ
 * hashes ffmpeg's RGB frames without the 512 px pre-resize (`firstFrames` stops early).
 *
 * @example
 * const frames = await hashVideoFile('clip.mp4');
 */
export async function hashVideoFile(
  file: string,
  options: { profile?: PdqProfile; limits?: VideoLimits; firstFrames?: number } = {},
): Promise<VpdqFrame[]> {
  const { profile = 'fullres', limits = DEFAULT_VIDEO_LIMITS, firstFrames } = options;
  const { width, height, framesPerSecond } = await probe(file);
  if (width * height > limits.maxPixelsPerFrame) {
    throw new MediaError('MEDIA_TOO_MANY_PIXELS', `${width}x${height} frames are over the limit`);
  }
  const frameBytes = width * height * 3;
  const only = firstFrames === undefined ? [] : ['-frames:v', String(firstFrames)];
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-v',
      'error',
      '-nostdin',
      ...INPUT_RESTRICTIONS,
      '-i',
      file,
      '-map',
      '0:v:0',
      ...only,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), limits.timeoutSeconds * 1000);
  let stderr = '';
  ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => ffmpeg.on('close', (code) => resolve(code)));
  const frames: VpdqFrame[] = [];
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of ffmpeg.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= frameBytes) {
        if (frames.length >= limits.maxFrames)
          throw new MediaError('MEDIA_TOO_LARGE', `more than ${limits.maxFrames} frames`);
        const data = new Uint8Array(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
        const result = pdqHash({ data, width, height, channels: 3 }, { profile });
        if (!result.hashable)
          throw new MediaError('MEDIA_UNHASHABLE', `${width}x${height} frames are too small to hash`);
        const frameNumber = frames.length;
        frames.push({
          frameNumber,
          quality: result.quality,
          hash: result.hash,
          timestampSeconds: frameNumber / (framesPerSecond || 1),
        });
      }
    }
    const code = await exited;
    if (code !== 0 || frames.length === 0) {
      const reason = code === null ? 'decoding took too long' : stderr.trim().split('\n')[0] || 'no frames';
      throw new MediaError(
        code === null ? 'MEDIA_TIMEOUT' : 'MEDIA_CORRUPT',
        `video is malformed or truncated (${reason})`,
      );
    }
    return frames;
  } finally {
    clearTimeout(timer);
    ffmpeg.kill('SIGKILL');
  }
}
