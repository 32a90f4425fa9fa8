/**
 * Hash banks (HMA's model, extended for G4): a bank has a match threshold, an on-match action and
 * an enabled flag; each entry records where its hashes came from (request and item, import, CLI,
 * API) and who added it, and can be withdrawn with a reason. Every PDQ hash and vPDQ frame added or
 * withdrawn is also written to `bank_changes`, the log the in-memory indexes follow, in the same
 * transaction.
 */
import { sql } from 'kysely';
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { BankEntriesTable, BankHashesTable, BanksTable } from '../schema-copies.ts';
import { liveHits, normalise } from './bank-hits.ts';
import type { HashHit } from './bank-hits.ts';

export type BankRow = Selectable<BanksTable>;
export type BankEntryRow = Selectable<BankEntriesTable>;
export type BankHashRow = Selectable<BankHashesTable>;
export type NewBankHash = Omit<Insertable<BankHashesTable>, 'id' | 'entry_id'>;

/** Hash kinds searched through the in-memory indexes (the others are looked up in SQL). */
export const INDEXED_KINDS: readonly string[] = ['pdq', 'vpdq'];

// SQLite binds at most 32,766 parameters a statement: 12 an entry row, 7 a hash row.
const ENTRY_ROWS = 2000;
const HASH_ROWS = 4000;

function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** An imported entry's `source_ref`: the list's source and the partner's name for the entry. */
export const importRef = (source: string, ref: string): string => `${source}#${ref}`;

/** A PDQ bank hash as the in-memory index takes it. */
export interface IndexedHash {
  id: number;
  value: string;
  variant: string;
  /** The match-pipeline version of a derived hash (null for plain PDQ). */
  pipeline: number | null;
}

/** A bank entry as the console lists it. */
export type EntryListing = BankEntryRow & {
  caseNumber: string | null;
  hashCount: number;
  /** Set when the entry was quarantined for flooding (poisoning defence). */
  quarantine: { at: string; reason: string } | null;
};

export type { HashHit } from './bank-hits.ts';

export const banksRepository = {
  async insertBank(ex: Executor, row: BankRow): Promise<void> {
    await ex.insertInto('banks').values(row).execute();
  },
  async bankByName(ex: Executor, name: string): Promise<BankRow | undefined> {
    return ex.selectFrom('banks').selectAll().where('name', '=', name).executeTakeFirst();
  },
  async listBanks(ex: Executor): Promise<Array<BankRow & { entries: number }>> {
    const rows = await ex
      .selectFrom('banks as b')
      .leftJoin('bank_entries as e', (j) =>
        j.onRef('e.bank_id', '=', 'b.id').on('e.withdrawn_at', 'is', null),
      )
      .selectAll('b')
      .select((eb) => eb.fn.count<number>('e.id').as('entries'))
      .groupBy(['b.id', 'b.name', 'b.kind', 'b.match_threshold', 'b.on_match', 'b.enabled', 'b.created_at'])
      .orderBy('b.name')
      .execute();
    return rows.map((r) => ({ ...r, entries: Number(r.entries) }));
  },
  async updateBank(
    ex: Executor,
    id: string,
    patch: Partial<Pick<BankRow, 'match_threshold' | 'enabled' | 'on_match'>>,
  ): Promise<void> {
    await ex.updateTable('banks').set(patch).where('id', '=', id).execute();
  },

  /**
   * Inserts entries with their hashes in multi-row statements, and logs every PDQ hash and vPDQ
   * frame for the indexes.
   */
  async insertEntries(
    ex: Executor,
    batch: ReadonlyArray<{ entry: BankEntryRow; hashes: readonly NewBankHash[] }>,
    now: Date,
  ): Promise<void> {
    if (batch.length === 0) return;
    for (const rows of chunks(
      batch.map((b) => b.entry),
      ENTRY_ROWS,
    )) {
      await ex.insertInto('bank_entries').values(rows).execute();
    }
    for (const rows of chunks(batch, ENTRY_ROWS)) {
      await ex
        .insertInto('bank_entry_log')
        .values(
          rows.map((b) => ({
            bank_id: b.entry.bank_id,
            entry_id: b.entry.id,
            op: 'add',
            created_at: now.toISOString(),
          })),
        )
        .execute();
    }
    const hashes = batch.flatMap(({ entry, hashes }) => hashes.map((h) => ({ ...h, entry_id: entry.id })));
    for (const rows of chunks(hashes, HASH_ROWS)) await ex.insertInto('bank_hashes').values(rows).execute();
    for (const entries of chunks(batch, ENTRY_ROWS)) {
      await ex
        .insertInto('bank_changes')
        .columns(['hash_id', 'op', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('bank_hashes')
            .select(['id', sql.lit('add').as('op'), sql.val(now.toISOString()).as('created_at')])
            .where(
              'entry_id',
              'in',
              entries.map((b) => b.entry.id),
            )
            .where('kind', 'in', INDEXED_KINDS)
            .orderBy('id'),
        )
        .execute();
    }
  },
  /**
   * The entries an import of `source` added to the bank, by the partner's name for them (ref),
   * with the ids still live (none: withdrawn here). Two imports run at once may have added a ref
   * twice; both ids are listed, so they are withdrawn together.
   */
  async importedEntries(
    ex: Executor,
    bankId: string,
    source: string,
    /** Only these refs (a feed's page), looked up by name instead of reading the whole source. */
    refs?: readonly string[],
  ): Promise<Map<string, string[]>> {
    const prefix = importRef(source, '');
    const query = ex
      .selectFrom('bank_entries')
      .select(['id', 'source_ref', 'withdrawn_at'])
      .where('bank_id', '=', bankId)
      .where('source_kind', '=', 'import');
    const rows = refs
      ? (
          await Promise.all(
            [...chunks(refs, 500)].map((part) =>
              query
                .where(
                  'source_ref',
                  'in',
                  part.map((r) => importRef(source, r)),
                )
                .execute(),
            ),
          )
        ).flat()
      : await query.execute();
    const out = new Map<string, string[]>();
    for (const r of rows) {
      if (!r.source_ref?.startsWith(prefix)) continue;
      const ref = r.source_ref.slice(prefix.length);
      const live = out.get(ref) ?? [];
      if (r.withdrawn_at === null) live.push(r.id);
      out.set(ref, live);
    }
    return out;
  },
  async entry(ex: Executor, id: string): Promise<BankEntryRow | undefined> {
    return ex.selectFrom('bank_entries').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async entryForItem(ex: Executor, bankId: string, itemId: string): Promise<BankEntryRow | undefined> {
    return ex
      .selectFrom('bank_entries')
      .selectAll()
      .where('bank_id', '=', bankId)
      .where('source_item_id', '=', itemId)
      .executeTakeFirst();
  },
  /** A page of a bank's entries by id (live and withdrawn), with their hashes: the export. */
  /**
   * A page of a bank's entries for the console, newest first (after `before`, the last of the
   * previous page), or the one entry asked for; each with its hash count and, for an entry from a
   * request, the case number.
   */
  async entriesPage(
    ex: Executor,
    bankId: string,
    page: { limit: number; before?: { createdAt: string; id: string }; entryId?: string },
  ): Promise<EntryListing[]> {
    let q = ex
      .selectFrom('bank_entries as e')
      .leftJoin('requests as r', 'r.id', 'e.source_request_id')
      .leftJoin('entry_quarantine as q', 'q.entry_id', 'e.id')
      .selectAll('e')
      .select(['r.case_number', 'q.quarantined_at', 'q.reason as quarantine_reason'])
      .select((eb) =>
        eb
          .selectFrom('bank_hashes as h')
          .select((c) => c.fn.countAll<number | string>().as('n'))
          .whereRef('h.entry_id', '=', 'e.id')
          .as('hash_count'),
      )
      .where('e.bank_id', '=', bankId)
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(page.limit);
    if (page.entryId !== undefined) q = q.where('e.id', '=', page.entryId);
    const before = page.before;
    if (before) {
      q = q.where((eb) =>
        eb.or([
          eb('e.created_at', '<', before.createdAt),
          eb.and([eb('e.created_at', '=', before.createdAt), eb('e.id', '<', before.id)]),
        ]),
      );
    }
    const rows = await q.execute();
    return rows.map(({ case_number, hash_count, quarantined_at, quarantine_reason, ...entry }) => ({
      ...entry,
      caseNumber: case_number,
      hashCount: Number(hash_count ?? 0),
      quarantine: quarantined_at ? { at: quarantined_at, reason: quarantine_reason ?? '' } : null,
    }));
  },
  async exportPage(
    ex: Executor,
    bankId: string,
    afterId: string,
    limit: number,
  ): Promise<Array<{ entry: BankEntryRow; hashes: BankHashRow[] }>> {
    const entries = await ex
      .selectFrom('bank_entries')
      .selectAll()
      .where('bank_id', '=', bankId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    if (entries.length === 0) return [];
    const hashes = await ex
      .selectFrom('bank_hashes')
      .selectAll()
      .where(
        'entry_id',
        'in',
        entries.map((e) => e.id),
      )
      .orderBy('id')
      .execute();
    return entries.map((entry) => ({
      entry,
      hashes: hashes.filter((h) => h.entry_id === entry.id).map((h) => ({ ...h, id: Number(h.id) })),
    }));
  },
  async entriesForRequest(ex: Executor, requestId: string): Promise<BankEntryRow[]> {
    return ex.selectFrom('bank_entries').selectAll().where('source_request_id', '=', requestId).execute();
  },
  async hashesOf(ex: Executor, entryId: string): Promise<BankHashRow[]> {
    const rows = await ex.selectFrom('bank_hashes').selectAll().where('entry_id', '=', entryId).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  },
  /** Marks the entry withdrawn and logs its PDQ hashes and vPDQ frames out of the indexes. */
  async withdrawEntry(ex: Executor, id: string, by: string, reason: string, now: Date): Promise<void> {
    const at = now.toISOString();
    const withdrawn = await ex
      .updateTable('bank_entries')
      .set({ withdrawn_at: at, withdrawn_by: by, withdrawn_reason: reason })
      .where('id', '=', id)
      .returning('bank_id')
      .executeTakeFirst();
    if (withdrawn)
      await ex
        .insertInto('bank_entry_log')
        .values({ bank_id: withdrawn.bank_id, entry_id: id, op: 'withdraw', created_at: at })
        .execute();
    const ids = await ex
      .selectFrom('bank_hashes')
      .select('id')
      .where('entry_id', '=', id)
      .where('kind', 'in', INDEXED_KINDS)
      .execute();
    if (ids.length > 0) {
      await ex
        .insertInto('bank_changes')
        .values(ids.map((r) => ({ hash_id: Number(r.id), op: 'withdraw', created_at: at })))
        .execute();
    }
  },

  /** Live exact hashes (sha256/md5) equal to one of `values`. */
  async exactHits(ex: Executor, pairs: Array<{ kind: string; value: string }>): Promise<HashHit[]> {
    if (pairs.length === 0) return [];
    const rows = await liveHits(ex)
      .where((eb) =>
        eb.or(pairs.map((p) => eb.and([eb('h.kind', '=', p.kind), eb('h.value', '=', p.value)]))),
      )
      .execute();
    return rows.map(normalise);
  },
  /** The loosest plain-PDQ threshold of the enabled banks (0 when none is enabled). */
  async maxThreshold(ex: Executor): Promise<number> {
    const row = await ex
      .selectFrom('banks')
      .select((eb) => eb.fn.max('match_threshold').as('max'))
      .where('enabled', '=', 1)
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  },
  /** Live hashes by id (the in-memory index's candidates, confirmed against the database). */
  async hitsByIds(ex: Executor, ids: number[]): Promise<HashHit[]> {
    if (ids.length === 0) return [];
    const rows = await liveHits(ex).where('h.id', 'in', ids).execute();
    return rows.map(normalise);
  },

  /**
   * Every live PDQ hash, for building an index. One pass over the hashes in table order: the
   * kind index or a join per row would turn a million-hash load into a million random reads
   * (seconds instead of a fraction of one), and withdrawn entries are few.
   */
  async livePdq(ex: Executor): Promise<IndexedHash[]> {
    const rows = await ex
      .selectFrom('bank_hashes as h')
      .select(['h.id', 'h.kind', 'h.value', 'h.variant', 'h.pipeline'])
      .where('h.entry_id', 'not in', (eb) =>
        eb.selectFrom('bank_entries as e').select('e.id').where('e.withdrawn_at', 'is not', null),
      )
      .execute();
    const live: IndexedHash[] = [];
    for (const r of rows)
      if (r.kind === 'pdq')
        live.push({ id: Number(r.id), value: r.value, variant: r.variant, pipeline: r.pipeline });
    return live;
  },
  /**
   * Every live vPDQ frame, for building the frame index. Through the (kind, value) index: video
   * frames are a small part of the table, unlike the PDQ hashes `livePdq` reads in one pass.
   */
  async liveVpdq(ex: Executor): Promise<Array<{ id: number; value: string }>> {
    const rows = await ex
      .selectFrom('bank_hashes as h')
      .innerJoin('bank_entries as e', 'e.id', 'h.entry_id')
      .select(['h.id', 'h.value'])
      .where('h.kind', '=', 'vpdq')
      .where('e.withdrawn_at', 'is', null)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), value: r.value }));
  },
  /** How many vPDQ frames each of these entries banked (the denominator of a video match). */
  async frameCounts(ex: Executor, entryIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (entryIds.length === 0) return counts;
    const rows = await ex
      .selectFrom('bank_hashes')
      .select(['entry_id', (eb) => eb.fn.countAll<number | string>().as('frames')])
      .where('kind', '=', 'vpdq')
      .where('entry_id', 'in', entryIds)
      .groupBy('entry_id')
      .execute();
    for (const r of rows) counts.set(r.entry_id, Number(r.frames));
    return counts;
  },
  /** Sequence numbers present after `afterSeq` (to find gaps left by uncommitted writers). */
  async changeSeqsAfter(ex: Executor, afterSeq: number): Promise<number[]> {
    const rows = await ex.selectFrom('bank_changes').select('seq').where('seq', '>', afterSeq).execute();
    return rows.map((r) => Number(r.seq));
  },
  async maxChangeSeq(ex: Executor): Promise<number> {
    const row = await ex
      .selectFrom('bank_changes')
      .select(sql<number | string | null>`max(seq)`.as('m'))
      .executeTakeFirst();
    return Number(row?.m ?? 0);
  },
  /** Changes after `afterSeq`, oldest first, with each hash's kind, value, variant and pipeline. */
  async changesSince(
    ex: Executor,
    afterSeq: number,
    limit: number,
  ): Promise<Array<{ seq: number; hashId: number; op: string; kind: string } & Omit<IndexedHash, 'id'>>> {
    const rows = await ex
      .selectFrom('bank_changes as c')
      .innerJoin('bank_hashes as h', 'h.id', 'c.hash_id')
      .select(['c.seq', 'c.hash_id', 'c.op', 'h.kind', 'h.value', 'h.variant', 'h.pipeline'])
      .where('c.seq', '>', afterSeq)
      .orderBy('c.seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      hashId: Number(r.hash_id),
      op: r.op,
      kind: r.kind,
      value: r.value,
      variant: r.variant,
      pipeline: r.pipeline,
    }));
  },
};

export type BanksRepository = typeof banksRepository;
