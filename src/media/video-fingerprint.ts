/**
 * What stay-down keeps and compares of a video: SHA-256 and MD5 of the file (exact copies) and
 * its vPDQ frames, sampled at a fixed rate, pruned and filtered by quality.
 *
 * The two sides are sampled differently on purpose. A banked video keeps 1 frame a second; an
 * upload is sampled 5 times a second, so every banked frame has an upload sample at most 0.1 s
 * from it even when the copy was cut, re-timed or had footage added before it (sampling both at
 * 1 frame/s would compare frames up to half a second apart, over 30 bits in a moving scene).
 * The matching rule only asks that most of the *banked* frames are found, so the upload's extra
 * samples cost hashing time, never a match; to keep that time down, upload frames are scaled to
 * 512 px on their longer side before hashing. Banked frames are hashed at full resolution, as the
 * reference vPDQ does, so the frames a bank exports are the ones partners compute.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pruneFrames, toHex } from '@redress/pdq';
import { exactHashes } from './fingerprint.ts';
import type { ExactHashes } from './fingerprint.ts';
import { MediaError } from './media-error.ts';
import { hashVideoFile } from './video-frames.ts';
import type { VideoLimits } from './video-frames.ts';

export type VideoPurpose = 'bank' | 'upload';

export const VIDEO_SAMPLING = {
  /** Frames a second hashed when a video is banked. */
  bank: 1,
  /** Frames a second hashed when an upload is checked. */
  upload: 5,
} as const satisfies Record<VideoPurpose, number>;

/** Upload frames are scaled down to this many pixels on their longer side before hashing. */
export const UPLOAD_FRAME_SIDE = 512;
/** A frame within this distance of the last frame kept adds nothing (a still scene is one hash). */
export const VIDEO_PRUNE_DISTANCE = 10;
/** PDQ's rule: flatter frames (black, fades, title cards) are too plain to match on. */
export const VIDEO_MIN_QUALITY = 50;
/** Longest video hashed, in seconds: the frame cap is this times the sampling rate. */
export const VIDEO_MAX_SECONDS = 3600;

/**
 * 4K UHD frames at most; probe and decode together within two minutes; and at most 40 gigapixels
 * decoded (every frame is decoded, sampled or not): about 10 minutes of 1080p at 30 frames a
 * second, 40 of 540p, 2.5 of 4K. A longer video is refused from its header before any decoding.
 */
const VIDEO_LIMITS = {
  maxPixelsPerFrame: 3840 * 2160,
  maxDecodedPixels: 40e9,
  timeoutSeconds: 120,
} as const;

export interface VideoJob {
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** A folder the bytes may be written to for ffmpeg (see temp-area.ts). */
  readonly tempDir: string;
  /** Stops the decode (ffmpeg is killed) when the caller no longer wants the answer. */
  readonly signal?: AbortSignal;
}

export interface VideoFrameHash {
  readonly hex: string;
  readonly quality: number;
  /** Where the frame is in the video (the sample's time from the first frame). */
  readonly seconds: number;
}

export interface VideoFingerprint extends ExactHashes {
  /** Distinct, pruned frames of quality >= 50, in time order. */
  readonly frames: VideoFrameHash[];
}

/** Hashes a video file already on disk (the command line); `bytes` are its contents. */
export async function videoFingerprintOfFile(
  file: string,
  bytes: Uint8Array,
  purpose: VideoPurpose,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<VideoFingerprint> {
  refuseOversize(bytes, maxBytes);
  const rate = VIDEO_SAMPLING[purpose];
  const limits: VideoLimits = { ...VIDEO_LIMITS, maxFrames: VIDEO_MAX_SECONDS * rate };
  const maxSide = purpose === 'upload' ? UPLOAD_FRAME_SIDE : undefined;
  const sampled = await hashVideoFile(file, { framesPerSecond: rate, limits, maxSide, signal });
  const seen = new Set<string>();
  const frames: VideoFrameHash[] = [];
  const usable = sampled.filter((f) => f.quality >= VIDEO_MIN_QUALITY);
  for (const f of pruneFrames(usable, VIDEO_PRUNE_DISTANCE)) {
    const hex = toHex(f.hash);
    if (seen.has(hex)) continue;
    seen.add(hex);
    frames.push({ hex, quality: f.quality, seconds: Math.round(f.timestampSeconds * 1000) / 1000 });
  }
  return { ...exactHashes(bytes), frames };
}

/**
 * Hashes video bytes (an upload, a fetched URL, a banked file). ffmpeg needs a seekable file (an
 * MP4's index may sit at its end), so the bytes go to a private folder (0700, the file 0600) in
 * the process's temporary area, removed when done; what a crash leaves there is removed when the
 * service starts again (temp-area.ts).
 */
export async function videoFingerprint(
  bytes: Uint8Array,
  purpose: VideoPurpose,
  job: VideoJob,
): Promise<VideoFingerprint> {
  refuseOversize(bytes, job.maxBytes);
  await mkdir(job.tempDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(job.tempDir, 'video-'));
  try {
    const file = path.join(dir, 'media');
    await writeFile(file, bytes, { mode: 0o600 });
    return await videoFingerprintOfFile(file, bytes, purpose, job.maxBytes, job.signal);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function refuseOversize(bytes: Uint8Array, maxBytes: number): void {
  if (bytes.length > maxBytes) throw new MediaError('MEDIA_TOO_LARGE', `the video is over ${maxBytes} bytes`);
}
