/** Quarantined entries, flagged sources, and the counts the flood rule needs. */
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { EntryQuarantineTable, SourceFlagsTable } from '../schema-networks.ts';

export type QuarantineRow = Selectable<EntryQuarantineTable>;
export type SourceFlagRow = Selectable<SourceFlagsTable>;

export const poisoningRepository = {
  /** Different uploaders blocked by the entry since `since`. */
  async uploadersBlocked(ex: Executor, entryId: string, since: Date): Promise<number> {
    const row = await ex
      .selectFrom('upload_blocks')
      .select((eb) => eb.fn.count<number | string>('uploader_id').distinct().as('n'))
      .where('entry_id', '=', entryId)
      .where('created_at', '>=', since.toISOString())
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
  async quarantine(ex: Executor, entryId: string): Promise<QuarantineRow | undefined> {
    return ex.selectFrom('entry_quarantine').selectAll().where('entry_id', '=', entryId).executeTakeFirst();
  },
  async insertQuarantine(ex: Executor, row: QuarantineRow): Promise<void> {
    await ex
      .insertInto('entry_quarantine')
      .values(row)
      .onConflict((oc) => oc.column('entry_id').doNothing())
      .execute();
  },
  async quarantinedIn(ex: Executor, bankId: string): Promise<QuarantineRow[]> {
    return ex.selectFrom('entry_quarantine').selectAll().where('bank_id', '=', bankId).execute();
  },
  async flagSource(ex: Executor, row: SourceFlagRow): Promise<void> {
    await ex
      .insertInto('source_flags')
      .values(row)
      .onConflict((oc) =>
        oc.column('source').doUpdateSet((eb) => ({
          reason: row.reason,
          flagged_at: row.flagged_at,
          review_only: row.review_only ? row.review_only : eb.ref('source_flags.review_only'),
        })),
      )
      .execute();
  },
  async sourceFlag(ex: Executor, source: string): Promise<SourceFlagRow | undefined> {
    return ex.selectFrom('source_flags').selectAll().where('source', '=', source).executeTakeFirst();
  },
  async dismissedMatches(ex: Executor, network: string): Promise<number> {
    const row = await ex
      .selectFrom('network_matches')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('network', '=', network)
      .where('status', '=', 'dismissed')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};

export type PoisoningRepository = typeof poisoningRepository;
