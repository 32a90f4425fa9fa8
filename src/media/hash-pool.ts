/**
 * Media hashing on a small pool of worker threads, so hashing one image never blocks the event
 * loop that serves every other check: upload fingerprints (SHA-256, MD5, @redress/match query
 * hashes), registry hashes (SHA-256, MD5, PDQ in 8 orientations) and bank variants. Workers start
 * on first use. With no threads configured the work runs in-process, with the same results (and
 * only the decoders' own limits).
 *
 * An image decode runs in native code (libvips, which stops itself at the time limit) or
 * WebAssembly (HEIC, which nothing outside can interrupt but ending its thread), so each image
 * thread takes one image at a time: a decode over its time limit, or one whose caller has gone,
 * ends its thread (`terminate`, which stops its JavaScript and WebAssembly and frees its memory)
 * and a fresh thread takes its place, failing no other job. A thread whose HEIC
 * decoding grew its WebAssembly memory past a ceiling is replaced the same way once it is done,
 * since that memory is never given back otherwise. Videos run on threads of their own, several at
 * a time (the work is ffmpeg's, a child process each video kills on its time limit or when its
 * caller goes).
 */
import os from 'node:os';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { UploadMatching } from '../platform/copies-config.ts';
import type { DecodeLimits } from './decode-image.ts';
import type { HashTask } from './hash-task.ts';
import type { NamedHash, RegistryHashes } from './fingerprint.ts';
import type { PdqProfile } from '@redress/pdq';
import type { ImageHashes } from './hash-image.ts';
import { MediaError } from './media-error.ts';
import type { VideoFingerprint, VideoPurpose } from './video-fingerprint.ts';
import type { MediaErrorCode } from './media-error.ts';
import { HashLane } from './hash-lane.ts';

export interface BankHashes {
  sha256: string;
  md5: string;
  variants: NamedHash[];
}

export interface UploadFingerprint {
  sha256: string;
  md5: string;
  queries: NamedHash[];
}

/** Old-space size a hashing thread starts with, in MB. */
const INITIAL_OLD_SPACE_MB = 64;
/** WebAssembly memory a thread may keep after a HEIC decode (a 12-megapixel photo needs less). */
const HEIC_MEMORY_CEILING = 160 * 1024 * 1024;
/**
 * Time an image thread gets beyond the decode's own limit. libvips stops a raster decode at that
 * limit by itself (sharp's `timeout`, checked as it works), which is cleaner than ending the thread:
 * `terminate` cannot interrupt native code, it waits for it. Ending the thread is what stops
 * WebAssembly (HEIC) and anything else that overruns.
 */
const IMAGE_GRACE_MS = 1000;
/** Time a video thread gets beyond the video's own limit (ffmpeg is killed at that limit). */
const VIDEO_GRACE_MS = 10_000;
/** The service's video limit (video-fingerprint.ts), for the backstop above. */
const VIDEO_TIMEOUT_MS = 120_000;

export interface VideoHashOptions {
  readonly maxBytes: number;
  /** Where the bytes wait for ffmpeg (temp-area.ts). */
  readonly tempDir: string;
  readonly signal?: AbortSignal;
}

export class HashPool {
  private images: HashLane | undefined;
  private videos: HashLane | undefined;

  /** `threads` 0 hashes in-process; undefined uses one thread per CPU, at most 4. */
  constructor(private readonly threads = Math.min(4, os.availableParallelism())) {}

  /** How many images are hashed at once. */
  get parallelism(): number {
    return Math.max(1, this.threads);
  }

  /**
   * What an upload is checked with. Takes the bytes over: when they are the only view of their
   * buffer (an upload body, a fetched file), that buffer moves to the worker and is empty here
   * afterwards. An upload is hundreds of kilobytes, and copying each doubled the memory churn
   * that drives garbage collection under load.
   */
  fingerprint(
    bytes: Uint8Array,
    limits: DecodeLimits,
    matching: UploadMatching,
    signal?: AbortSignal,
  ): Promise<UploadFingerprint> {
    const task: HashTask = { kind: 'upload', bytes, limits, matching };
    return this.image(task, true, signal) as Promise<UploadFingerprint>;
  }

  /** What a bank keeps of an image: exact hashes and the match variants; the bytes are copied. */
  bankHashes(bytes: Uint8Array, limits: DecodeLimits, signal?: AbortSignal): Promise<BankHashes> {
    return this.image({ kind: 'bank', bytes, limits }, false, signal) as Promise<BankHashes>;
  }

  /** What the content registry keeps of a media item; the bytes are copied, left as they were. */
  registryHashes(
    bytes: Uint8Array,
    limits: DecodeLimits,
    matching: UploadMatching,
    signal?: AbortSignal,
  ): Promise<RegistryHashes> {
    return this.image(
      { kind: 'registry', bytes, limits, matching },
      false,
      signal,
    ) as Promise<RegistryHashes>;
  }

  /** An image's PDQ hashes in the 8 orientations, as `redress hash` prints them; the bytes are taken over. */
  imageHashes(bytes: Uint8Array, profile: PdqProfile, limits: DecodeLimits): Promise<ImageHashes> {
    return this.image({ kind: 'image', bytes, limits, profile }, true) as Promise<ImageHashes>;
  }

  /**
   * A video's exact hashes and vPDQ frames (sampled for banking or for an upload check). An
   * upload's bytes are taken over as in `fingerprint`; a banked file's are copied.
   */
  videoHashes(
    bytes: Uint8Array,
    purpose: VideoPurpose,
    options: VideoHashOptions,
  ): Promise<VideoFingerprint> {
    const { maxBytes, tempDir, signal } = options;
    const task: HashTask = { kind: 'video', bytes, purpose, maxBytes, tempDir };
    if (this.threads === 0) return runInProcess(task, signal) as Promise<VideoFingerprint>;
    this.videos ??= this.lane('video');
    return this.videos.run(moveOrCopy(bytes, purpose === 'upload'), task, {
      timeoutMs: VIDEO_TIMEOUT_MS + VIDEO_GRACE_MS,
      signal,
    }) as Promise<VideoFingerprint>;
  }

  private image(task: HashTask & { limits: DecodeLimits }, handOver: boolean, signal?: AbortSignal) {
    if (this.threads === 0) return runInProcess(task);
    this.images ??= this.lane('image');
    return this.images.run(moveOrCopy(task.bytes, handOver), task, {
      timeoutMs: task.limits.timeoutSeconds * 1000 + IMAGE_GRACE_MS,
      signal,
    });
  }

  private lane(kind: 'image' | 'video'): HashLane {
    // Each decoded image is a fresh buffer of megabytes outside the JavaScript heap, which V8
    // counts against a heap of ~10 MB: a thread's whole heap was collected every three images or so
    // (about 5 ms of CPU an upload). With room to grow first, the buffers die in cheap young
    // collections. V8 reads this when a thread starts, so it is set before the threads are made.
    v8.setFlagsFromString(`--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`);
    const entry = new URL(WORKER_ENTRY, import.meta.url);
    return new HashLane({
      threads: this.threads,
      start: () => new Worker(entry),
      jobsPerThread: kind === 'image' ? 1 : Infinity,
      heicMemoryCeiling: HEIC_MEMORY_CEILING,
      timeoutError: () =>
        new MediaError(
          'MEDIA_TIMEOUT',
          kind === 'image'
            ? 'decoding the image took longer than its time limit'
            : 'decoding the video took too long',
        ),
      toError,
    });
  }

  async close(): Promise<void> {
    const lanes = [this.images, this.videos];
    this.images = this.videos = undefined;
    await Promise.all(lanes.map((lane) => lane?.close()));
  }
}

/**
 * A thread's entry: from the sources, a wrapper that registers tsx first; from a build (dist/,
 * see scripts/build.mjs), the compiled worker beside this chunk.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? './hash-worker-entry.mjs' : './hash-worker.js';

/** Hashing on the calling thread, loaded only then: it brings sharp, which threads load for themselves. */
async function runInProcess(task: HashTask, signal?: AbortSignal): Promise<unknown> {
  return (await import('./hash-task.ts')).runHashTask(task, signal);
}

/** The bytes themselves when they may move to the thread (the whole of their buffer), else a copy. */
function moveOrCopy(bytes: Uint8Array, handOver: boolean): Uint8Array {
  const whole =
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength;
  return handOver && whole ? bytes : new Uint8Array(bytes);
}

function toError(error: { code?: string; message: string } | undefined): Error {
  if (error?.code?.startsWith('MEDIA_')) return new MediaError(error.code as MediaErrorCode, error.message);
  return new Error(error?.message ?? 'hashing failed');
}
