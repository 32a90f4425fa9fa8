/**
 * A reviewer looks at the media of a case item or of a copy the stay-down layer found. The bytes
 * are fetched from the platform for this one view (through the SSRF-safe fetcher, from the
 * registry URL of the item or else the link the requester gave), drawn in memory at the level
 * asked for with the reviewer's own settings, and forgotten: nothing is written to disk. Every
 * reveal beyond the blurred default is audited (what and how far, no content) and counted on the
 * reviewer's day, in the same transaction, before the image is handed out.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { DEFAULT_PREVIEW_SETTINGS, PREVIEW_MAX_SIDE, renderingOf, revealDay } from '../domain/preview.ts';
import type { PreviewLevel } from '../domain/preview.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { ContentRepository } from '../db/repositories/content-repository.ts';
import type { CopiesRepository } from '../db/repositories/copies-repository.ts';
import type { PreviewsRepository } from '../db/repositories/previews-repository.ts';
import { renderPreview } from '../media/preview-image.ts';
import { fetchMedia } from '../platform/fetch-media.ts';
import type { FetchOptions } from '../platform/fetch-media.ts';

export interface PreviewDeps {
  transact: Transact;
  audit: AuditRepository;
  content: ContentRepository;
  copies: CopiesRepository;
  previews: PreviewsRepository;
  fetchOptions: FetchOptions;
  clock: Clock;
}

export interface PreviewInput {
  target: 'item' | 'copy';
  /** A request item's id, or a copy finding's id. */
  id: string;
  level: PreviewLevel;
  userId: string;
  actor: string;
}

export interface Preview {
  jpeg: Buffer;
  /** The reviewer's reveals today, after this one. */
  revealsToday: number;
}

interface Source {
  url: string;
  requestId: string;
}

export async function previewMedia(deps: PreviewDeps, input: PreviewInput): Promise<Preview> {
  const { source, settings } = await deps.transact(async (trx) => ({
    source: await findSource(deps, trx, input),
    settings: (await deps.previews.settings(trx, input.userId)) ?? DEFAULT_PREVIEW_SETTINGS,
  }));
  const fetched = await fetchMedia(source.url, deps.fetchOptions);
  const jpeg = await renderPreview(fetched.bytes, {
    ...renderingOf(input.level, settings),
    maxSide: PREVIEW_MAX_SIDE,
  });
  const day = revealDay(deps.clock.now());
  const level = input.level;
  if (level === 'blur') {
    return {
      jpeg,
      revealsToday: await deps.transact((trx) => deps.previews.revealsOn(trx, input.userId, day)),
    };
  }
  const revealsToday = await deps.transact(async (trx) => {
    await deps.audit.append(trx, {
      requestId: source.requestId,
      actor: input.actor,
      occurredAt: deps.clock.now(),
      event: {
        type: 'media.revealed',
        version: 1,
        data: { target: input.target, targetId: input.id, level },
      },
    });
    return deps.previews.countReveal(trx, input.userId, day);
  });
  return { jpeg, revealsToday };
}

type Trx = Parameters<Parameters<Transact>[0]>[0];

async function findSource(deps: PreviewDeps, trx: Trx, input: PreviewInput): Promise<Source> {
  if (input.target === 'copy') {
    const finding = await deps.copies.finding(trx, input.id);
    const copy = finding ? await deps.content.get(trx, finding.content_item_id) : undefined;
    if (!finding || !copy?.url) throw new AppError('not_found', 'no media link is known for this copy');
    return { url: copy.url, requestId: finding.request_id };
  }
  const item = await deps.previews.requestItem(trx, input.id);
  if (!item) throw new AppError('not_found', 'there is no such item');
  const registered = item.platform_item_id
    ? await deps.content.byPlatformId(trx, item.platform_item_id)
    : undefined;
  const url = registered?.url ?? item.url;
  if (!url) throw new AppError('not_found', 'no media link is known for this item');
  return { url, requestId: item.request_id };
}
