/**
 * What the stay-down layer found and did: copy findings of removal sweeps (one per request and
 * registry item, so a sweep that runs twice finds nothing new) and uploads blocked at check time.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { CopyFindingsTable, UploadBlocksTable } from '../schema-copies.ts';

export type CopyFindingRow = Selectable<CopyFindingsTable>;
export type UploadBlockRow = Selectable<UploadBlocksTable>;

export const copiesRepository = {
  /** Inserts the finding unless this request already has one for this item; true when inserted. */
  /** `frame_share` only for vPDQ findings (a video copy's share of the removed video's frames). */
  async insertFinding(
    ex: Executor,
    row: Omit<CopyFindingRow, 'frame_share'> & { frame_share?: number | null },
  ): Promise<boolean> {
    const result = await ex
      .insertInto('copy_findings')
      .values(row)
      .onConflict((oc) => oc.columns(['request_id', 'content_item_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  async findings(ex: Executor, requestId: string): Promise<CopyFindingRow[]> {
    return ex
      .selectFrom('copy_findings')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
  /** Findings in one status across cases, oldest first: the near-copy review queue. */
  async findingsByStatus(
    ex: Executor,
    status: string,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<Array<CopyFindingRow & { case_number: string; platform_item_id: string }>> {
    let q = ex
      .selectFrom('copy_findings as f')
      .innerJoin('requests as r', 'r.id', 'f.request_id')
      .innerJoin('content_items as c', 'c.id', 'f.content_item_id')
      .selectAll('f')
      .select(['r.case_number', 'c.platform_item_id'])
      .where('f.status', '=', status);
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('f.created_at', '>', after.createdAt),
          eb.and([eb('f.created_at', '=', after.createdAt), eb('f.id', '>', after.id)]),
        ]),
      );
    }
    return q.orderBy('f.created_at').orderBy('f.id').limit(limit).execute();
  },
  async finding(ex: Executor, id: string): Promise<CopyFindingRow | undefined> {
    return ex.selectFrom('copy_findings').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async decideFinding(ex: Executor, id: string, status: string, by: string, at: Date): Promise<void> {
    await ex
      .updateTable('copy_findings')
      .set({ status, decided_by: by, decided_at: at.toISOString() })
      .where('id', '=', id)
      .execute();
  },
  async insertBlock(ex: Executor, row: UploadBlockRow): Promise<void> {
    await ex.insertInto('upload_blocks').values(row).execute();
  },
  async blocks(ex: Executor, requestId: string): Promise<UploadBlockRow[]> {
    return ex
      .selectFrom('upload_blocks')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .execute();
  },
};

export type CopiesRepository = typeof copiesRepository;
