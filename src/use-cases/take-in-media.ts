/**
 * Media intake: the one path from what a face or the copy sweep holds of a piece of media (its
 * bytes, a URL Redress may fetch, or hashes computed elsewhere) to what Redress compares or keeps:
 * the query hashes an upload is checked with, or the hashes a bank entry holds. A video is told
 * from an image by its container's magic bytes. Hashing runs on the hashing threads
 * (`MediaHashing`, which the stay-down layer provides from src/media/hash-pool.ts), for the
 * service's routes and the command line alike, within the same limits.
 */
import type { NewBankHash } from '../db/repositories/banks-repository.ts';
import { AppError } from '../domain/errors.ts';
import type { HashKind } from '../domain/hash-list.ts';
import type { NamedHash } from '../media/fingerprint.ts';
import type { BankHashes, UploadFingerprint } from '../media/hash-pool.ts';
import { isVideoContainer } from '../media/sniff-video.ts';
import type { VideoFingerprint, VideoFrameHash, VideoPurpose } from '../media/video-fingerprint.ts';
import { fetchMedia } from '../platform/fetch-media.ts';
import type { FetchOptions } from '../platform/fetch-media.ts';

/** The hashing threads and the fetch policy; each hash call stops when `signal` aborts. */
export interface MediaHashing {
  readonly fetchOptions: FetchOptions;
  /** SHA-256, MD5 and query hashes of an image upload; takes the bytes over. */
  readonly fingerprintUpload: (bytes: Uint8Array, signal?: AbortSignal) => Promise<UploadFingerprint>;
  /** SHA-256, MD5 and the match variants a bank keeps of an image. */
  readonly bankHashes: (bytes: Uint8Array, signal?: AbortSignal) => Promise<BankHashes>;
  /** SHA-256, MD5 and vPDQ frames of a video, sampled for banking or for a check. */
  readonly videoHashes: (
    bytes: Uint8Array,
    purpose: VideoPurpose,
    signal?: AbortSignal,
  ) => Promise<VideoFingerprint>;
}

/** Hashes an upload's platform computed itself: plain PDQ (one or several), SHA-256, MD5. */
export interface GivenQueryHashes {
  readonly pdq?: string | readonly string[];
  readonly sha256?: string;
  readonly md5?: string;
}

/** What a check compares: an image's query hashes, or a video's frames, and the exact hashes. */
export interface CheckHashes {
  readonly queries: NamedHash[];
  readonly exact: { readonly sha256?: string | null; readonly md5?: string | null };
  readonly videoFrames?: VideoFrameHash[];
}

/** What a bank entry holds, and for a video how many frames of it. */
export interface EntryHashes {
  readonly hashes: NewBankHash[];
  readonly frames?: number;
}

/** The hashes of media already known (the copy sweep: a removed item and its registry entries). */
export interface KnownHashes {
  readonly sha256?: readonly string[];
  readonly md5?: readonly string[];
  /** Plain PDQ of the picture as stored. */
  readonly pdq?: readonly string[];
  /** Named PDQ variants (crops, tilts) with the pipeline that made them. */
  readonly variants?: ReadonlyArray<{ pdq: string; variant: string; quality: number; pipeline?: number }>;
  /** A video's vPDQ frames. */
  readonly frames?: ReadonlyArray<{ hex: string; seconds: number; quality: number }>;
}

/** The bytes of `media`, or of what its URL serves (SSRF-safe); empty media is refused. */
export async function mediaBytes(
  hashing: Pick<MediaHashing, 'fetchOptions'>,
  media: { bytes?: Uint8Array; url?: string },
): Promise<Uint8Array | undefined> {
  const bytes =
    media.bytes ?? (media.url ? (await fetchMedia(media.url, hashing.fetchOptions)).bytes : undefined);
  if (bytes?.length === 0) throw new AppError('invalid_input', 'the media is empty');
  return bytes;
}

/** What an upload is checked with: from its bytes, its URL, or hashes the platform computed. */
export async function takeInForCheck(
  hashing: MediaHashing,
  media: { bytes?: Uint8Array; url?: string; hashes?: GivenQueryHashes },
  signal?: AbortSignal,
): Promise<CheckHashes> {
  const bytes = await mediaBytes(hashing, media);
  if (bytes && isVideoContainer(bytes)) {
    const print = await hashing.videoHashes(bytes, 'upload', signal);
    return { queries: [], exact: print, videoFrames: print.frames };
  }
  if (bytes) {
    const print = await hashing.fingerprintUpload(bytes, signal);
    return { queries: print.queries, exact: print };
  }
  if (media.hashes) {
    const given = media.hashes;
    const pdq = given.pdq === undefined ? [] : [given.pdq].flat();
    return {
      queries: pdq.map((hex) => ({ variant: 'original', hex: hex.toLowerCase(), quality: 100 })),
      exact: { sha256: given.sha256, md5: given.md5 },
    };
  }
  throw new AppError('invalid_input', 'send an image or video body, {url} or {hashes}');
}

/**
 * What a bank entry keeps of media bytes: an image's exact hashes and every match variant, or a
 * video's exact hashes and its vPDQ frames sampled for banking (1 a second).
 */
export async function takeInForBank(
  hashing: MediaHashing,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<EntryHashes> {
  if (isVideoContainer(bytes)) {
    const video = await hashing.videoHashes(bytes, 'bank', signal);
    return { hashes: knownBankHashes(videoKnownHashes(video)), frames: video.frames.length };
  }
  const banked = await hashing.bankHashes(bytes, signal);
  return {
    hashes: [
      ...knownBankHashes({ sha256: [banked.sha256], md5: [banked.md5] }),
      ...banked.variants.map((v) => pdqHash(v.hex, v.variant, v.quality)),
    ],
  };
}

/** A video's fingerprint as known hashes. */
export function videoKnownHashes(video: VideoFingerprint): KnownHashes {
  return { sha256: [video.sha256], md5: [video.md5], frames: video.frames };
}

/**
 * Known hashes as a bank entry's hashes: each exact hash named `file`, plain PDQ `original`,
 * variants by their name and pipeline, a video's frames by where they are (`frame@12s`) with their
 * quality, so an export gives partners the frames of a vPDQ hash (E4).
 */
export function knownBankHashes(known: KnownHashes): NewBankHash[] {
  const exact = (kind: HashKind) => (value: string) => ({ kind, value, variant: 'file', quality: null });
  return [
    ...(known.sha256 ?? []).map(exact('sha256')),
    ...(known.md5 ?? []).map(exact('md5')),
    ...(known.pdq ?? []).map((value) => pdqHash(value, 'original', null)),
    ...(known.variants ?? []).map((h) => ({
      ...pdqHash(h.pdq, h.variant, h.quality),
      ...(h.pipeline === undefined ? {} : { pipeline: h.pipeline }),
    })),
    ...(known.frames ?? []).map((f) => ({
      kind: 'vpdq',
      value: f.hex,
      variant: `frame@${Number(f.seconds)}s`,
      quality: Number(f.quality),
    })),
  ];
}

function pdqHash(value: string, variant: string, quality: number | null): NewBankHash {
  return { kind: 'pdq', value, variant, quality };
}
