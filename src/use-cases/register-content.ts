/**
 * The platform tells Redress about its media items (E1): per item its id, URL, uploader and
 * either the bytes, a URL Redress may fetch (SSRF-safe: src/platform/fetch-media.ts), or hashes
 * computed on the platform's side. Redress keeps SHA-256, MD5 and PDQ (with its 8 dihedral
 * variants when it saw the pixels), never the media. A batch answers per item: one bad item
 * does not fail the others.
 */
import type { Clock } from '../domain/clock.ts';
import type { Transact } from '../db/database.ts';
import type { ContentRepository } from '../db/repositories/content-repository.ts';
import type { RegistryHashes } from '../media/fingerprint.ts';
import { fetchMedia } from '../platform/fetch-media.ts';
import type { FetchOptions } from '../platform/fetch-media.ts';
import { randomId } from '../security/tokens.ts';

export interface ContentInput {
  platformItemId: string;
  url?: string | null;
  uploaderId?: string | null;
  /** The media itself (hashed, then dropped). */
  media?: Uint8Array;
  /** Fetch the media from `url`. */
  fetch?: boolean;
  hashes?: { sha256?: string; md5?: string; pdq?: string; pdqQuality?: number };
}

export type ContentResult =
  | {
      platformItemId: string;
      ok: true;
      id: string;
      sha256: string | null;
      md5: string | null;
      pdq: string | null;
    }
  | { platformItemId: string; ok: false; error: { code: string; message: string } };

export interface RegisterContentDeps {
  transact: Transact;
  content: ContentRepository;
  clock: Clock;
  fetchOptions: FetchOptions;
  /** SHA-256, MD5 and PDQ of media bytes (off the event loop in the service: HashPool). */
  hashMedia: (bytes: Uint8Array) => Promise<RegistryHashes>;
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
    const code = (error as { code?: unknown }).code;
    return {
      platformItemId: item.platformItemId,
      ok: false,
      error: {
        code: typeof code === 'string' ? code : 'ERROR',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

async function registerOne(deps: RegisterContentDeps, item: ContentInput): Promise<ContentResult> {
  let bytes = item.media;
  if (!bytes && item.fetch) {
    if (!item.url) throw Object.assign(new Error('fetch needs a url'), { code: 'invalid_input' });
    bytes = (await fetchMedia(item.url, deps.fetchOptions)).bytes;
  }
  const given = item.hashes ?? {};
  const computed = bytes ? await deps.hashMedia(bytes) : undefined;
  const now = deps.clock.now().toISOString();
  const id = randomId();
  const row = {
    id,
    platform_item_id: item.platformItemId,
    url: item.url ?? null,
    uploader_id: item.uploaderId ?? null,
    sha256: computed?.sha256 ?? given.sha256?.toLowerCase() ?? null,
    md5: computed?.md5 ?? given.md5?.toLowerCase() ?? null,
    pdq: computed?.pdq ?? given.pdq?.toLowerCase() ?? null,
    pdq_dihedral: computed ? computed.dihedral.join(',') : null,
    pdq_quality: computed?.quality ?? given.pdqQuality ?? null,
    pdq_profile: computed ? 'reference' : given.pdq ? 'external' : null,
    status: 'active',
    created_at: now,
    updated_at: now,
    removed_at: null,
    removed_by_request: null,
  };
  await deps.transact((trx) => deps.content.upsert(trx, row));
  const stored = await deps.transact((trx) => deps.content.byPlatformId(trx, item.platformItemId));
  return {
    platformItemId: item.platformItemId,
    ok: true,
    id: stored?.id ?? id,
    sha256: row.sha256,
    md5: row.md5,
    pdq: row.pdq,
  };
}
