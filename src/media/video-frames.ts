/**
 * Video frames for vPDQ, decoded by Debian's ffmpeg (spawned, never linked: it gets the
 * distribution's security updates) and read as raw RGB from a pipe, one frame at a time, so a
 * long video never sits in memory. ffprobe reads the size, frame rate and length first; the pixel
 * limit and the decoding budget (frames x pixels: what the file would cost) hold before any frame
 * is decoded, and a time limit, or the caller's signal, kills the decode.
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
  /** Most pixels decoded in all (frames x width x height), judged from the header. */
  readonly maxDecodedPixels: number;
  readonly timeoutSeconds: number;
}

const DEFAULT_VIDEO_LIMITS: VideoLimits = {
  maxPixelsPerFrame: 8_294_400,
  maxFrames: 20_000,
  maxDecodedPixels: 100e9,
  timeoutSeconds: 300,
};

interface VideoInfo {
  width: number;
  height: number;
  framesPerSecond: number;
  /** Length in seconds, when the container says. */
  seconds: number;
  /** Frames in the stream: counted in the header, or length x rate. */
  frames: number;
}

async function probe(file: string, timeoutSeconds: number): Promise<VideoInfo> {
  let stdout: string;
  try {
    // A hostile container can keep ffprobe busy too: it gets the same time limit as the decode.
    const options = { timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL' as const };
    ({ stdout } = await run(
      'ffprobe',
      [
        ...INPUT_RESTRICTIONS,
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=width,height,avg_frame_rate,r_frame_rate,nb_frames,duration:stream_side_data=rotation' +
          ':format=duration',
        '-of',
        'json',
        file,
      ],
      options,
    ));
  } catch (error) {
    if ((error as { killed?: boolean }).killed) {
      throw new MediaError('MEDIA_TIMEOUT', 'reading the video took too long');
    }
    const detail = String((error as { stderr?: string }).stderr ?? error)
      .trim()
      .split('\n')[0];
    throw new MediaError('MEDIA_CORRUPT', `video cannot be read (${detail})`);
  }
  const probed = JSON.parse(stdout) as { streams?: ProbedStream[]; format?: { duration?: string } };
  const stream = probed.streams?.[0];
  if (!stream) throw new MediaError('MEDIA_UNSUPPORTED', 'no video stream');
  if (!(stream.width > 0 && stream.height > 0)) throw new MediaError('MEDIA_CORRUPT', 'no frame size');
  const rate = (text: string | undefined) => {
    const [num, den] = (text ?? '0/0').split('/').map(Number);
    return den ? num / den : 0;
  };
  const framesPerSecond = rate(stream.avg_frame_rate);
  // Whichever the header claims most: a container can understate one of them, never all.
  const seconds = Math.max(Number(stream.duration) || 0, Number(probed.format?.duration) || 0);
  const peakRate = Math.max(framesPerSecond, rate(stream.r_frame_rate));
  const frames = Math.max(Number(stream.nb_frames) || 0, Math.ceil(seconds * peakRate));
  // ffmpeg turns frames of a rotated stream (phone videos) upright, so their size is transposed.
  const rotation = Number(stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0);
  const upright = Math.abs(rotation) % 180 === 90;
  return {
    width: upright ? stream.height : stream.width,
    height: upright ? stream.width : stream.height,
    framesPerSecond,
    seconds,
    frames,
  };
}

interface ProbedStream {
  width: number;
  height: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  side_data_list?: Array<{ rotation?: number }>;
}

/**
 * Hashes every frame of a video file (vPDQ), in order, at full resolution: the reference vPDQ
 * hashes ffmpeg's RGB frames without the 512 px pre-resize (`firstFrames` stops early). With
 * `framesPerSecond`, ffmpeg's fps filter samples the video at that rate instead (the frame
 * nearest each tick, from the first frame on); frame numbers then count samples, and
 * `maxFrames` limits samples, not decoded frames (the time limit bounds decoding). With `maxSide`,
 * larger frames are first scaled down (area averaging, aspect kept) to that many pixels on their
 * longer side: PDQ averages a frame down to 64x64 anyway, so the hash barely moves, and hashing a
 * 1080p frame costs over ten times more than hashing it at 512 px.
 *
 * @example
 * const frames = await hashVideoFile('clip.mp4');
 * const sampled = await hashVideoFile('clip.mp4', { framesPerSecond: 1 });
 */
export async function hashVideoFile(
  file: string,
  options: {
    profile?: PdqProfile;
    limits?: VideoLimits;
    firstFrames?: number;
    framesPerSecond?: number;
    maxSide?: number;
    signal?: AbortSignal;
  } = {},
): Promise<VpdqFrame[]> {
  const { profile = 'fullres', limits = DEFAULT_VIDEO_LIMITS, firstFrames } = options;
  const started = Date.now();
  const probed = await probe(file, limits.timeoutSeconds);
  if (probed.width * probed.height > limits.maxPixelsPerFrame) {
    throw new MediaError(
      'MEDIA_TOO_MANY_PIXELS',
      `${probed.width}x${probed.height} frames are over the limit`,
    );
  }
  refuseOverBudget(probed, limits, firstFrames);
  options.signal?.throwIfAborted();
  const framesPerSecond = options.framesPerSecond ?? probed.framesPerSecond;
  const longer = Math.max(probed.width, probed.height);
  const shrink = options.maxSide !== undefined && longer > options.maxSide ? options.maxSide / longer : 1;
  // The output size is decided here, not by ffmpeg's rounding, so frames are cut where they end.
  const width = Math.max(1, Math.round(probed.width * shrink));
  const height = Math.max(1, Math.round(probed.height * shrink));
  const filters = [
    ...(options.framesPerSecond === undefined ? [] : [`fps=${options.framesPerSecond}`]),
    ...(shrink < 1 ? [`scale=${width}:${height}:flags=area`] : []),
  ];
  const sample = filters.length === 0 ? [] : ['-vf', filters.join(',')];
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
      ...sample,
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
  // One time limit for probe and decode together.
  const left = Math.max(0, limits.timeoutSeconds * 1000 - (Date.now() - started));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ffmpeg.kill('SIGKILL');
  }, left);
  const stop = () => ffmpeg.kill('SIGKILL');
  options.signal?.addEventListener('abort', stop, { once: true });
  let stderr = '';
  ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => ffmpeg.on('close', (code) => resolve(code)));
  const frames: VpdqFrame[] = [];
  // Pipe chunks (64 KiB) are joined once per frame: joining them one by one would copy a 6 MB
  // 1080p frame about a hundred times.
  let chunks: Buffer[] = [];
  let buffered = 0;
  try {
    for await (const chunk of ffmpeg.stdout as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      buffered += chunk.length;
      if (buffered < frameBytes) continue;
      let pending = Buffer.concat(chunks, buffered);
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
      chunks = pending.length > 0 ? [pending] : [];
      buffered = pending.length;
    }
    const code = await exited;
    if (timedOut) {
      throw new MediaError(
        'MEDIA_TIMEOUT',
        `decoding the video took longer than its limit of ${limits.timeoutSeconds} s`,
      );
    }
    options.signal?.throwIfAborted();
    if (code !== 0 || frames.length === 0) {
      const reason = stderr.trim().split('\n')[0] || 'no frames';
      throw new MediaError('MEDIA_CORRUPT', `video is malformed or truncated (${reason})`);
    }
    return frames;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    ffmpeg.kill('SIGKILL');
  }
}

/** What decoding would cost, from the header: refused up front when over the budget. */
function refuseOverBudget(video: VideoInfo, limits: VideoLimits, firstFrames: number | undefined): void {
  const frames = firstFrames === undefined ? video.frames : Math.min(video.frames, firstFrames);
  const pixels = frames * video.width * video.height;
  if (pixels <= limits.maxDecodedPixels) return;
  const giga = (n: number) => `${Math.round(n / 1e8) / 10} gigapixels`;
  throw new MediaError(
    'MEDIA_TOO_LONG',
    `the video is ${Math.round(video.seconds)} s of ${video.width}x${video.height} frames ` +
      `(${frames} frames, ${giga(pixels)} to decode); the limit is ${giga(limits.maxDecodedPixels)}, ` +
      `about ${Math.round(limits.maxDecodedPixels / (1920 * 1080 * 30 * 60))} minutes of 1080p at 30 frames a second`,
  );
}
