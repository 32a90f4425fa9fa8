/**
 * The platform's content registry: one row per media item the platform told us about, with the
 * hashes Redress computed or was given (never the media). The copy sweep reads it in pages of
 * PDQ hashes and looks exact hashes and URLs up through their indexes.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { ContentItemFramesTable, ContentItemsTable, ContentQueryHashesTable } from '../schema-copies.ts';

export type ContentItemRow = Selectable<ContentItemsTable>;
export type ContentFrame = Omit<Selectable<ContentItemFramesTable>, 'content_item_id'>;
export type ContentQueryHash = Omit<Selectable<ContentQueryHashesTable>, 'content_item_id'>;
/** A registry video's frame as the copy sweep reads them: item by item, in order. */
export type RegistryFrame = Pick<Selectable<ContentItemFramesTable>, 'content_item_id' | 'position' | 'hex'>;

/** Frames written per statement (bound parameters: SQLite allows 32,766, 5 per row). */
const FRAME_CHUNK = 1000;

export const contentRepository = {
  /** Inserts or refreshes an item (by platform item id); a removed item keeps its status. */
  async upsert(ex: Executor, row: ContentItemRow): Promise<void> {
    await ex
      .insertInto('content_items')
      .values(row)
      .onConflict((oc) =>
        oc.column('platform_item_id').doUpdateSet({
          url: row.url,
          uploader_id: row.uploader_id,
          sha256: row.sha256,
          md5: row.md5,
          pdq: row.pdq,
          pdq_dihedral: row.pdq_dihedral,
          pdq_quality: row.pdq_quality,
          pdq_profile: row.pdq_profile,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },
  async byPlatformId(ex: Executor, platformItemId: string): Promise<ContentItemRow | undefined> {
    return ex
      .selectFrom('content_items')
      .selectAll()
      .where('platform_item_id', '=', platformItemId)
      .executeTakeFirst();
  },
  async byUrl(ex: Executor, url: string): Promise<ContentItemRow[]> {
    return ex.selectFrom('content_items').selectAll().where('url', '=', url).execute();
  },
  async get(ex: Executor, id: string): Promise<ContentItemRow | undefined> {
    return ex.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Items with any of these exact hashes. */
  async byExact(ex: Executor, sha256: string[], md5: string[]): Promise<ContentItemRow[]> {
    if (sha256.length === 0 && md5.length === 0) return [];
    return ex
      .selectFrom('content_items')
      .selectAll()
      .where((eb) =>
        eb.or([
          ...(sha256.length ? [eb('sha256', 'in', sha256)] : []),
          ...(md5.length ? [eb('md5', 'in', md5)] : []),
        ]),
      )
      .execute();
  },
  /** A page of items that have a PDQ hash, by id (keyset pagination). */
  async pdqPage(
    ex: Executor,
    afterId: string,
    limit: number,
  ): Promise<Array<Pick<ContentItemRow, 'id' | 'pdq' | 'pdq_dihedral' | 'status'>>> {
    return ex
      .selectFrom('content_items')
      .select(['id', 'pdq', 'pdq_dihedral', 'status'])
      .where('pdq', 'is not', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  },
  /** A video's frames replace whatever the item had (a re-registration brings the new ones). */
  async replaceFrames(ex: Executor, itemId: string, frames: readonly ContentFrame[]): Promise<void> {
    await ex.deleteFrom('content_item_frames').where('content_item_id', '=', itemId).execute();
    for (let i = 0; i < frames.length; i += FRAME_CHUNK) {
      await ex
        .insertInto('content_item_frames')
        .values(frames.slice(i, i + FRAME_CHUNK).map((f) => ({ content_item_id: itemId, ...f })))
        .execute();
    }
  },
  /** An image's query hashes replace whatever the item had (a re-registration brings new ones). */
  async replaceQueryHashes(ex: Executor, itemId: string, hashes: readonly ContentQueryHash[]): Promise<void> {
    await ex.deleteFrom('content_query_hashes').where('content_item_id', '=', itemId).execute();
    if (hashes.length === 0) return;
    await ex
      .insertInto('content_query_hashes')
      .values(hashes.map((h) => ({ content_item_id: itemId, ...h })))
      .execute();
  },
  /** The query hashes of the given items made by `pipeline`, for one page of the sweep. */
  async queryHashesOf(
    ex: Executor,
    itemIds: readonly string[],
    pipeline: number,
  ): Promise<Array<Selectable<ContentQueryHashesTable>>> {
    if (itemIds.length === 0) return [];
    return ex
      .selectFrom('content_query_hashes')
      .selectAll()
      .where('content_item_id', 'in', itemIds as string[])
      .where('pipeline', '=', pipeline)
      .execute();
  },
  async frames(ex: Executor, itemId: string): Promise<ContentFrame[]> {
    return ex
      .selectFrom('content_item_frames')
      .select(['position', 'hex', 'quality', 'seconds'])
      .where('content_item_id', '=', itemId)
      .orderBy('position')
      .execute();
  },
  /**
   * A page of the frames of active registry videos, in (item, position) order after the given
   * frame: the primary key's own order, so a page is one index range scan.
   */
  async activeFramePage(
    ex: Executor,
    after: { itemId: string; position: number },
    limit: number,
  ): Promise<RegistryFrame[]> {
    return ex
      .selectFrom('content_item_frames as f')
      .innerJoin('content_items as c', 'c.id', 'f.content_item_id')
      .select(['f.content_item_id', 'f.position', 'f.hex'])
      .where('c.status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb('f.content_item_id', '>', after.itemId),
          eb.and([eb('f.content_item_id', '=', after.itemId), eb('f.position', '>', after.position)]),
        ]),
      )
      .orderBy('f.content_item_id')
      .orderBy('f.position')
      .limit(limit)
      .execute();
  },
  async markRemoved(ex: Executor, id: string, requestId: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await ex
      .updateTable('content_items')
      .set({ status: 'removed', removed_at: at, removed_by_request: requestId, updated_at: at })
      .where('id', '=', id)
      .execute();
  },
};

export type ContentRepository = typeof contentRepository;
