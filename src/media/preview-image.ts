/**
 * Safe previews, drawn in memory from the bytes fetched for one view: never written to disk. An
 * image is resized to a small size first (so the blur hides detail at any original size), then
 * blurred and made grey as asked, and sent as JPEG without metadata. A video becomes one muted
 * poster frame, taken by Debian's ffmpeg from a pipe, then drawn the same way.
 */
import { spawn } from 'node:child_process';
import sharp from 'sharp';
import { DEFAULT_DECODE_LIMITS } from './decode-limits.ts';
import { MediaError } from './media-error.ts';
import { isVideoContainer } from './sniff-video.ts';

export interface PreviewRendering {
  /** Gaussian sigma at the preview size; null = sharp. */
  readonly blurSigma: number | null;
  readonly greyscale: boolean;
  readonly maxSide: number;
}

/** The preview of an image or a video's first frame, as JPEG bytes. */
export async function renderPreview(bytes: Buffer, rendering: PreviewRendering): Promise<Buffer> {
  const still = isVideoContainer(bytes) ? await posterFrame(bytes) : bytes;
  const limits = DEFAULT_DECODE_LIMITS;
  try {
    let image = sharp(still, { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 })
      .timeout({ seconds: limits.timeoutSeconds })
      .rotate()
      .resize(rendering.maxSide, rendering.maxSide, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#808080' });
    if (rendering.blurSigma !== null) image = image.blur(rendering.blurSigma);
    if (rendering.greyscale) image = image.greyscale().toColourspace('b-w');
    return await image.jpeg({ quality: 80 }).toBuffer();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) throw new MediaError('MEDIA_TOO_MANY_PIXELS', message);
    if (/unsupported image format/i.test(message)) throw new MediaError('MEDIA_UNSUPPORTED', message);
    throw new MediaError('MEDIA_CORRUPT', message);
  }
}

/** Only containers read from our own pipe; no protocol or playlist can make ffmpeg open anything. */
const POSTER_ARGS = [
  '-nostdin',
  '-loglevel',
  'error',
  '-protocol_whitelist',
  'pipe',
  '-format_whitelist',
  'mov,mp4,matroska,webm,avi,mpegts,flv',
  '-i',
  'pipe:0',
  '-an',
  '-frames:v',
  '1',
  '-f',
  'image2pipe',
  '-c:v',
  'png',
  'pipe:1',
];

/** The first frame of a video, as PNG bytes in memory. */
function posterFrame(video: Buffer, timeoutMs = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn('ffmpeg', POSTER_ARGS, { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), timeoutMs);
    ffmpeg.stdout.on('data', (c: Buffer) => chunks.push(c));
    // ffmpeg stops reading once it has its frame: the rest of the input is not needed.
    ffmpeg.stdin.on('error', () => undefined);
    ffmpeg.on('error', (e) => reject(new MediaError('MEDIA_UNSUPPORTED', `ffmpeg: ${e.message}`)));
    ffmpeg.on('close', (code, signal) => {
      clearTimeout(timer);
      const frame = Buffer.concat(chunks);
      if (signal === 'SIGKILL') reject(new MediaError('MEDIA_TIMEOUT', 'no poster frame in time'));
      else if (code !== 0 || frame.length === 0)
        reject(new MediaError('MEDIA_CORRUPT', 'no frame could be read from the video'));
      else resolve(frame);
    });
    ffmpeg.stdin.end(video);
  });
}
