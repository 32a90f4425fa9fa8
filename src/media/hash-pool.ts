/**
 * Media hashing on a small pool of worker threads, so hashing one image never blocks the event
 * loop that serves every other check: upload fingerprints (SHA-256, MD5, @redress/match query
 * hashes), registry hashes (SHA-256, MD5, PDQ in 8 orientations) and bank variants. Workers start on first use;
 * a job goes to the least busy one. With no threads configured the work runs in-process, with the
 * same results.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { PdqProfile } from '@redress/pdq';
import type { UploadMatching } from '../platform/copies-config.ts';
import type { DecodeLimits } from './decode-limits.ts';
import type { ImageHashes } from './hash-image.ts';
import type { HashTask } from './hash-task.ts';
import type { NamedHash, RegistryHashes } from './fingerprint.ts';
import { MediaError } from './media-error.ts';
import type { VideoFingerprint, VideoPurpose } from './video-fingerprint.ts';
import type { MediaErrorCode } from './media-error.ts';

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

interface Pending {
  slot: Slot;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

type Reply = { id: number; result?: unknown; error?: { code?: string; message: string } };

/**
 * A thread's entry: from the sources, a wrapper that registers tsx first; from a build (dist/,
 * see scripts/build.mjs), the compiled worker beside this chunk.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? './hash-worker-entry.mjs' : './hash-worker.js';

/** Old-space size a hashing thread starts with, in MB. */
const INITIAL_OLD_SPACE_MB = 64;

export class HashPool {
  private slots: Slot[] | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `threads` 0 hashes in-process; undefined uses one thread per CPU, at most 4. */
  constructor(private readonly threads = Math.min(4, os.availableParallelism())) {}

  /** How many hashing jobs run at once: one per thread, or one in-process. */
  get parallelism(): number {
    return Math.max(1, this.threads);
  }

  /**
   * What an upload is checked with. Takes the bytes over: when they are the only view of their
   * buffer (an upload body, a fetched file), that buffer moves to the worker and is empty here
   * afterwards. An upload is hundreds of kilobytes, and copying each doubled the memory churn
   * that drives garbage collection under load.
   */
  fingerprint(bytes: Uint8Array, limits: DecodeLimits, matching: UploadMatching): Promise<UploadFingerprint> {
    return this.run({ kind: 'upload', bytes, limits, matching }, true) as Promise<UploadFingerprint>;
  }

  /** What a bank keeps of an image: exact hashes and the match variants; the bytes are copied. */
  bankHashes(bytes: Uint8Array, limits: DecodeLimits): Promise<BankHashes> {
    return this.run({ kind: 'bank', bytes, limits }, false) as Promise<BankHashes>;
  }

  /** What the content registry keeps of a media item; the bytes are copied, left as they were. */
  registryHashes(bytes: Uint8Array, limits: DecodeLimits, matching: UploadMatching): Promise<RegistryHashes> {
    return this.run({ kind: 'registry', bytes, limits, matching }, false) as Promise<RegistryHashes>;
  }

  /** An image's PDQ hashes in the 8 orientations, as `redress hash` prints them; the bytes are taken over. */
  imageHashes(bytes: Uint8Array, profile: PdqProfile, limits: DecodeLimits): Promise<ImageHashes> {
    return this.run({ kind: 'image', bytes, limits, profile }, true) as Promise<ImageHashes>;
  }

  /**
   * A video's exact hashes and vPDQ frames (sampled for banking or for an upload check). An
   * upload's bytes are taken over as in `fingerprint`; a banked file's are copied.
   */
  videoHashes(bytes: Uint8Array, purpose: VideoPurpose, maxBytes: number): Promise<VideoFingerprint> {
    return this.run(
      { kind: 'video', bytes, purpose, maxBytes },
      purpose === 'upload',
    ) as Promise<VideoFingerprint>;
  }

  private async run(task: HashTask, handOver: boolean): Promise<unknown> {
    // Loaded only here: it brings sharp and the hashing code, which the threads load for themselves.
    if (this.threads === 0) return (await import('./hash-task.ts')).runHashTask(task);
    this.slots ??= this.start();
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    const { bytes } = task;
    const whole =
      bytes.buffer instanceof ArrayBuffer &&
      bytes.byteOffset === 0 &&
      bytes.byteLength === bytes.buffer.byteLength;
    const moved = handOver && whole ? bytes : new Uint8Array(bytes);
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        slot,
        resolve: (v) => (slot.busy--, resolve(v)),
        reject: (e) => (slot.busy--, reject(e)),
      });
      slot.worker.postMessage({ id, task: { ...task, bytes: moved } }, [moved.buffer as ArrayBuffer]);
    });
  }

  private start(): Slot[] {
    // Each decoded image is a fresh buffer of megabytes outside the JavaScript heap, which V8
    // counts against a heap of ~10 MB: a thread's whole heap was collected every three images or so
    // (about 5 ms of CPU an upload). With room to grow first, the buffers die in cheap young
    // collections. V8 reads this when a thread starts, so it is set before the threads are made.
    v8.setFlagsFromString(`--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`);
    const entry = new URL(WORKER_ENTRY, import.meta.url);
    return Array.from({ length: this.threads }, () => this.spawn(entry));
  }

  private spawn(entry: URL): Slot {
    const worker = new Worker(entry);
    worker.unref();
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.result) waiting.resolve(reply.result);
      else waiting.reject(toError(reply.error));
    });
    // A dead worker fails its own jobs and is replaced; the others carry on.
    worker.on('error', (error) => {
      for (const [id, waiting] of this.pending) {
        if (waiting.slot !== slot) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
      if (this.slots) this.slots = this.slots.map((s) => (s === slot ? this.spawn(entry) : s));
    });
    return slot;
  }

  async close(): Promise<void> {
    const slots = this.slots ?? [];
    this.slots = undefined;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

function toError(error: { code?: string; message: string } | undefined): Error {
  if (error?.code?.startsWith('MEDIA_')) return new MediaError(error.code as MediaErrorCode, error.message);
  return new Error(error?.message ?? 'hashing failed');
}
