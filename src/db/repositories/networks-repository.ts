/**
 * The hash-network tables: each feed's checkpoint and health, the feedback state per partner hash,
 * matches of partner hashes, federation subscriptions, and the per-bank entry log a published
 * feed pages through.
 */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type {
  FederationSubscriptionsTable,
  NetworkFeedbackTable,
  NetworkFeedsTable,
  NetworkMatchesTable,
} from '../schema-networks.ts';

export type FeedRow = Selectable<NetworkFeedsTable>;
export type FeedbackRow = Selectable<NetworkFeedbackTable>;
export type NetworkMatchRow = Selectable<NetworkMatchesTable>;
export type SubscriptionRow = Selectable<FederationSubscriptionsTable>;

const number = (v: unknown) => Number(v ?? 0);
const normaliseFeed = (r: FeedRow): FeedRow => ({
  ...r,
  error_count: number(r.error_count),
  refused_pages: number(r.refused_pages),
});

export const networksRepository = {
  async feed(ex: Executor, name: string): Promise<FeedRow | undefined> {
    const row = await ex.selectFrom('network_feeds').selectAll().where('name', '=', name).executeTakeFirst();
    return row && normaliseFeed(row);
  },
  async feeds(ex: Executor): Promise<FeedRow[]> {
    const rows = await ex.selectFrom('network_feeds').selectAll().orderBy('name').execute();
    return rows.map(normaliseFeed);
  },
  async ensureFeed(ex: Executor, name: string): Promise<void> {
    await ex
      .insertInto('network_feeds')
      .values({
        name,
        checkpoint: null,
        last_run_at: null,
        next_run_at: null,
        last_success_at: null,
        last_error: null,
        last_error_at: null,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  },
  /**
   * Takes the feed's turn if it is due: moves `next_run_at` on only where it still holds what
   * this process read, so of several workers exactly one runs each due fetch.
   */
  async claimRun(ex: Executor, name: string, seen: string | null, now: Date, next: Date): Promise<boolean> {
    const result = await ex
      .updateTable('network_feeds')
      .set({ next_run_at: next.toISOString(), last_run_at: now.toISOString() })
      .where('name', '=', name)
      .where((eb) => (seen === null ? eb('next_run_at', 'is', null) : eb('next_run_at', '=', seen)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async saveCheckpoint(ex: Executor, name: string, checkpoint: unknown): Promise<void> {
    await ex
      .updateTable('network_feeds')
      .set({ checkpoint: JSON.stringify(checkpoint) })
      .where('name', '=', name)
      .execute();
  },
  async recordSuccess(ex: Executor, name: string, now: Date): Promise<void> {
    await ex
      .updateTable('network_feeds')
      .set({ last_success_at: now.toISOString(), error_count: 0 })
      .where('name', '=', name)
      .execute();
  },
  async recordError(
    ex: Executor,
    name: string,
    message: string,
    now: Date,
    refusedPage = false,
  ): Promise<void> {
    await ex
      .updateTable('network_feeds')
      .set((eb) => ({
        last_error: message.slice(0, 500),
        last_error_at: now.toISOString(),
        error_count: eb('error_count', '+', 1),
        refused_pages: refusedPage ? eb('refused_pages', '+', 1) : eb.ref('refused_pages'),
      }))
      .where('name', '=', name)
      .execute();
  },

  async feedback(ex: Executor, network: string, hashKey: string): Promise<FeedbackRow | undefined> {
    return ex
      .selectFrom('network_feedback')
      .selectAll()
      .where('network', '=', network)
      .where('hash_key', '=', hashKey)
      .executeTakeFirst();
  },
  async setFeedback(ex: Executor, row: FeedbackRow): Promise<void> {
    await ex
      .insertInto('network_feedback')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['network', 'hash_key'])
          .doUpdateSet({ state: row.state, changes: row.changes, updated_at: row.updated_at }),
      )
      .execute();
  },

  async insertMatch(ex: Executor, row: NetworkMatchRow): Promise<void> {
    await ex.insertInto('network_matches').values(row).execute();
  },
  async match(ex: Executor, id: string): Promise<NetworkMatchRow | undefined> {
    return ex.selectFrom('network_matches').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async matches(ex: Executor, status: string | undefined, limit: number): Promise<NetworkMatchRow[]> {
    let q = ex.selectFrom('network_matches').selectAll().orderBy('created_at', 'desc').limit(limit);
    if (status) q = q.where('status', '=', status);
    return q.execute();
  },
  async decideMatch(ex: Executor, id: string, status: string, by: string, now: Date): Promise<void> {
    await ex
      .updateTable('network_matches')
      .set({ status, decided_by: by, decided_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  },

  async subscriptions(ex: Executor): Promise<SubscriptionRow[]> {
    const rows = await ex.selectFrom('federation_subscriptions').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ ...r, threshold: Number(r.threshold), enabled: Number(r.enabled) }));
  },
  async subscription(ex: Executor, name: string): Promise<SubscriptionRow | undefined> {
    return (await networksRepository.subscriptions(ex)).find((s) => s.name === name);
  },
  async upsertSubscription(ex: Executor, row: SubscriptionRow): Promise<void> {
    const { id: _id, created_at: _created, name: _name, ...changes } = row;
    await ex
      .insertInto('federation_subscriptions')
      .values(row)
      .onConflict((oc) => oc.column('name').doUpdateSet(changes))
      .execute();
  },

  /**
   * A bank's entry log after `afterSeq`, oldest first. PostgreSQL hands out sequence numbers
   * before commit, so a number missing from the run may still be committing: the page stops before
   * a gap younger than `gapGraceMs`, and a subscriber asks again later (an old gap is a rolled-back
   * write and is passed over).
   */
  async entryLog(
    ex: Executor,
    bankId: string,
    afterSeq: number,
    limit: number,
    now: Date,
    gapGraceMs: number,
  ): Promise<Array<{ seq: number; entryId: string }>> {
    const rows = await ex
      .selectFrom('bank_entry_log')
      .select(['seq', 'entry_id', 'created_at'])
      .where('bank_id', '=', bankId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    const grace = new Date(now.getTime() - gapGraceMs).toISOString();
    const out: Array<{ seq: number; entryId: string }> = [];
    // Gaps are judged over the whole table's numbers, since other banks share the sequence.
    const taken = new Set(
      rows.length === 0
        ? []
        : (
            await ex
              .selectFrom('bank_entry_log')
              .select('seq')
              .where('seq', '>', afterSeq)
              .where('seq', '<=', Number(rows[rows.length - 1].seq))
              .execute()
          ).map((r) => Number(r.seq)),
    );
    let expected = afterSeq + 1;
    for (const r of rows) {
      const seq = Number(r.seq);
      for (; expected < seq; expected++) if (!taken.has(expected) && r.created_at > grace) return out;
      out.push({ seq, entryId: r.entry_id });
      expected = seq + 1;
    }
    return out;
  },
  async maxEntryLogSeq(ex: Executor): Promise<number> {
    const row = await ex
      .selectFrom('bank_entry_log')
      .select(sql<string | number | null>`max(seq)`.as('m'))
      .executeTakeFirst();
    return Number(row?.m ?? 0);
  },
};

export type NetworksRepository = typeof networksRepository;
