/**
 * The platform tells Redress about its media items (E1): per item its id, URL, uploader and
 * either the bytes, a URL Redress may fetch (SSRF-safe: src/platform/fetch-media.ts), or hashes
 * computed on the platform's side. Redress keeps SHA-256, MD5 and PDQ (with its 8 dihedral
 * variants when it saw the pixels) of an image, SHA-256, MD5 and the vPDQ frames of a video (told
 * by its container's magic bytes), never the media. A batch answers per item: one bad item
 * does not fail the others.
 *
 * A registry video is sampled as an upload is (5 frames/s): in the copy sweep it is the candidate
 * that must hold the removed video's frames, the role an upload plays in a check.
 */
import type { Clock } from '../domain/clock.ts';
import type { Transact } from '../db/database.ts';
import { MATCH_PIPELINE_VERSION } from '@redress/match';
import { parseVpdq, toHex } from '@redress/pdq';
import type { ContentFrame, ContentRepository } from '../db/repositories/content-repository.ts';
import { AppError } from '../domain/errors.ts';
import type { RegistryHashes } from '../media/fingerprint.ts';
import { isVideoContainer } from '../media/sniff-video.ts';
import { VIDEO_MIN_QUALITY } from '../media/video-fingerprint.ts';
import type { VideoFingerprint } from '../media/video-fingerprint.ts';
import type { FetchOptions } from '../platform/fetch-media.ts';
import { randomId } from '../security/tokens.ts';
import { mediaBytes } from './take-in-media.ts';

export interface ContentInput {
  platformItemId: string;
  url?: string | null;
  uploaderId?: string | null;
  /** The media itself (hashed, then dropped). */
  media?: Uint8Array;
  /** Fetch the media from `url`. */
  fetch?: boolean;
  hashes?: {
    sha256?: string;
    md5?: string;
    pdq?: string;
    pdqQuality?: number;
    /** A video's frames computed by the platform: PDQ hex strings in time order, or vPDQ text. */
    vpdq?: string[] | string;
  };
}

export type ContentResult =
  | {
      platformItemId: string;
      ok: true;
      id: string;
      sha256: string | null;
      md5: string | null;
      pdq: string | null;
      /** vPDQ frames kept for a video; null for an image. */
      frames: number | null;
    }
  | { platformItemId: string; ok: false; error: { code: string; message: string } };

export interface RegisterContentDeps {
  transact: Transact;
  content: ContentRepository;
  clock: Clock;
  fetchOptions: FetchOptions;
  /** SHA-256, MD5 and PDQ of media bytes (off the event loop in the service: HashPool). */
  hashMedia: (bytes: Uint8Array) => Promise<RegistryHashes>;
  /** SHA-256, MD5 and vPDQ frames of video bytes, sampled as an upload (HashPool.videoHashes). */
  hashVideo: (bytes: Uint8Array) => Promise<VideoFingerprint>;
}

/** Items fetched and hashed at once: a batch of slow URLs does not take a timeout per item. */
const CONCURRENT_ITEMS = 4;

/** Results in the order of `items`; one failing item does not stop the others. */
export async function registerContent(
  deps: RegisterContentDeps,
  items: ContentInput[],
): Promise<ContentResult[]> {
  const results = new Array<ContentResult>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await settle(deps, items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_ITEMS, items.length) }, lane));
  return results;
}

async function settle(deps: RegisterContentDeps, item: ContentInput): Promise<ContentResult> {
  try {
    return await registerOne(deps, item);
  } catch (error) {
    // An item the caller can fix fails alone; anything else (a database fault) is the service's
    // and fails the call, so no internal error code is ever presented as the item's.
    const code = error instanceof AppError ? error.code : (error as { code?: unknown }).code;
    if (!(error instanceof AppError) && !(typeof code === 'string' && /^(MEDIA|FETCH)_/.test(code))) {
      throw error;
    }
    return {
      platformItemId: item.platformItemId,
      ok: false,
      error: { code: code as string, message: (error as Error).message },
    };
  }
}

async function registerOne(deps: RegisterContentDeps, item: ContentInput): Promise<ContentResult> {
  if (!item.media && item.fetch && !item.url) throw new AppError('invalid_input', 'fetch needs a url');
  const url = item.fetch ? (item.url ?? undefined) : undefined;
  const bytes = await mediaBytes(deps, { bytes: item.media, url });
  const given = item.hashes ?? {};
  if (given.vpdq !== undefined && given.pdq !== undefined) {
    throw new AppError('invalid_input', 'an item is an image (pdq) or a video (vpdq), not both');
  }
  const video = bytes && isVideoContainer(bytes) ? await deps.hashVideo(bytes) : undefined;
  const computed = bytes && !video ? await deps.hashMedia(bytes) : undefined;
  const frames: ContentFrame[] | null = video
    ? video.frames.map((f, position) => ({ position, ...f }))
    : given.vpdq !== undefined && !bytes
      ? givenFrames(given.vpdq)
      : null;
  const exact = video ?? computed;
  const now = deps.clock.now().toISOString();
  const id = randomId();
  const row = {
    id,
    platform_item_id: item.platformItemId,
    url: item.url ?? null,
    uploader_id: item.uploaderId ?? null,
    sha256: exact?.sha256 ?? given.sha256?.toLowerCase() ?? null,
    md5: exact?.md5 ?? given.md5?.toLowerCase() ?? null,
    pdq: computed?.pdq ?? (frames || video ? null : given.pdq?.toLowerCase()) ?? null,
    pdq_dihedral: computed ? computed.dihedral.join(',') : null,
    pdq_quality: computed?.quality ?? (frames ? null : given.pdqQuality) ?? null,
    pdq_profile: computed ? 'reference' : given.pdq && !frames ? 'external' : null,
    status: 'active',
    created_at: now,
    updated_at: now,
    removed_at: null,
    removed_by_request: null,
  };
  // The row and its frames in one transaction: a sweep never sees a video without its frames.
  const stored = await deps.transact(async (trx) => {
    await deps.content.upsert(trx, row);
    const kept = await deps.content.byPlatformId(trx, item.platformItemId);
    const itemId = kept?.id ?? id;
    await deps.content.replaceFrames(trx, itemId, frames ?? []);
    await deps.content.replaceQueryHashes(
      trx,
      itemId,
      (computed?.queries ?? []).map((q) => ({ ...q, pipeline: MATCH_PIPELINE_VERSION })),
    );
    return itemId;
  });
  return {
    platformItemId: item.platformItemId,
    ok: true,
    id: stored,
    sha256: row.sha256,
    md5: row.md5,
    pdq: row.pdq,
    frames: frames ? frames.length : null,
  };
}

/**
 * The platform's own vPDQ: a list of frame hashes (quality unknown: taken as 100, seconds as the
 * position) or the reference text format, whose frames of quality < 50 are dropped as ours are.
 */
function givenFrames(vpdq: string[] | string): ContentFrame[] {
  if (Array.isArray(vpdq)) {
    return vpdq.map((hex, position) => ({
      position,
      hex: hex.toLowerCase(),
      quality: 100,
      seconds: position,
    }));
  }
  let parsed;
  try {
    parsed = parseVpdq(vpdq);
  } catch (error) {
    throw new AppError('invalid_input', (error as Error).message);
  }
  return parsed
    .filter((f) => f.quality >= VIDEO_MIN_QUALITY)
    .map((f, position) => ({
      position,
      hex: toHex(f.hash),
      quality: f.quality,
      seconds: f.timestampSeconds,
    }));
}
