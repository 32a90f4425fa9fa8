/**
 * The jobs the hashing threads run (src/media/hash-pool.ts): an upload's fingerprint, a registry
 * item's hashes, an image's bank variants, an image's plain PDQ (`redress hash`), a video's frames (ffmpeg runs as a child process; the
 * thread hashes the frames it streams). They also run in-process when no thread is configured:
 * one function, so both ways give the same results.
 */
import type { PdqProfile } from '@redress/pdq';
import type { UploadMatching } from '../platform/copies-config.ts';
import type { DecodeLimits } from './decode-image.ts';
import { bankHashesOf, decode, exactHashes, queryHashesOf, registryHashes } from './fingerprint.ts';
import { hashImageBytes } from './hash-image.ts';
import { videoFingerprint } from './video-fingerprint.ts';
import type { VideoPurpose } from './video-fingerprint.ts';

export type HashTask =
  | { kind: 'upload'; bytes: Uint8Array; limits: DecodeLimits; matching: UploadMatching }
  | { kind: 'registry'; bytes: Uint8Array; limits: DecodeLimits; matching: UploadMatching }
  | { kind: 'bank'; bytes: Uint8Array; limits: DecodeLimits }
  | { kind: 'video'; bytes: Uint8Array; purpose: VideoPurpose; maxBytes: number; tempDir: string }
  | { kind: 'image'; bytes: Uint8Array; limits: DecodeLimits; profile: PdqProfile };

/** `signal` stops a video's ffmpeg; an image decode is stopped by ending its thread (hash-pool.ts). */
export async function runHashTask(task: HashTask, signal?: AbortSignal): Promise<unknown> {
  if (task.kind === 'video') {
    const { maxBytes, tempDir } = task;
    return videoFingerprint(task.bytes, task.purpose, { maxBytes, tempDir, signal });
  }
  if (task.kind === 'image') return hashImageBytes(task.bytes, task.profile, task.limits);
  if (task.kind === 'registry') return registryHashes(task.bytes, task.limits, task.matching);
  if (task.kind === 'bank') {
    return { ...exactHashes(task.bytes), variants: bankHashesOf(await decode(task.bytes, task.limits)) };
  }
  const pixels = await decode(task.bytes, task.limits);
  return { ...exactHashes(task.bytes), queries: queryHashesOf(pixels, task.matching) };
}
