/**
 * The platform's content registry: one row per media item the platform told us about, with the
 * hashes Redress computed or was given (never the media). The copy sweep reads it in pages of
 * PDQ hashes and looks exact hashes and URLs up through their indexes.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { ContentItemsTable } from '../schema-copies.ts';

export type ContentItemRow = Selectable<ContentItemsTable>;

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
