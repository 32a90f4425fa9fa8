/**
 * SQL for removal requests, their items and their escalations. Rows come back as plain records;
 * the rules about what may change live in the domain and the use cases. `getForUpdate` locks
 * the row on PostgreSQL so two reviewers cannot both decide the same request.
 */
import type { Selectable, Updateable } from 'kysely';
import type { RequestFacts } from '../../domain/metrics.ts';
import type { Dialect, Executor } from '../database.ts';
import type { RequestItemsTable, RequestsTable } from '../schema.ts';

export type RequestRow = Selectable<RequestsTable>;
export type ItemRow = Selectable<RequestItemsTable>;

export interface SweepCandidate {
  id: string;
  received_at: string;
  assigned_at: string | null;
  decided_at: string | null;
  closed_at: string | null;
  fired: string[];
}

export function createRequestsRepository(dialect: Dialect) {
  return {
    async insert(ex: Executor, row: RequestRow, items: ItemRow[]): Promise<void> {
      await ex.insertInto('requests').values(row).execute();
      if (items.length > 0) await ex.insertInto('request_items').values(items).execute();
    },

    async insertMany(ex: Executor, rows: RequestRow[], items: ItemRow[]): Promise<void> {
      if (rows.length > 0) await ex.insertInto('requests').values(rows).execute();
      // SQLite allows 32766 bound parameters per statement; items have 10 columns.
      for (let i = 0; i < items.length; i += 3000) {
        await ex
          .insertInto('request_items')
          .values(items.slice(i, i + 3000))
          .execute();
      }
    },

    async updateMany(ex: Executor, ids: string[], changes: Updateable<RequestsTable>): Promise<void> {
      await ex.updateTable('requests').set(changes).where('id', 'in', ids).execute();
    },

    /** Non-personal facts of the requests received in [from, to], for SLA metrics (H2). */
    async facts(ex: Executor, from: string, to: string): Promise<RequestFacts[]> {
      const rows = await ex
        .selectFrom('requests')
        .select([
          'legal_basis',
          'status',
          'received_at',
          'validated_at',
          'decided_at',
          'closed_at',
          'deadline_at',
          'minor_involved',
        ])
        .where('received_at', '>=', from)
        .where('received_at', '<=', to)
        .execute();
      return rows.map((r) => ({
        legalBasis: r.legal_basis,
        status: r.status,
        receivedAt: r.received_at,
        validatedAt: r.validated_at,
        decidedAt: r.decided_at,
        closedAt: r.closed_at,
        deadlineAt: r.deadline_at,
        minorInvolved: Number(r.minor_involved) === 1,
      }));
    },

    /** Receipts whose validity was never recorded (a crash between the two intake steps). */
    async strandedReceipts(ex: Executor, receivedBefore: string, limit: number): Promise<string[]> {
      const rows = await ex
        .selectFrom('requests')
        .select('id')
        .where('status', '=', 'received')
        .where('received_at', '<', receivedBefore)
        .orderBy('received_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async replaceItems(ex: Executor, requestId: string, items: ItemRow[]): Promise<void> {
      await ex.deleteFrom('request_items').where('request_id', '=', requestId).execute();
      if (items.length > 0) await ex.insertInto('request_items').values(items).execute();
    },

    async update(ex: Executor, id: string, changes: Updateable<RequestsTable>): Promise<void> {
      await ex.updateTable('requests').set(changes).where('id', '=', id).execute();
    },

    async getForUpdate(ex: Executor, id: string): Promise<RequestRow | undefined> {
      let q = ex.selectFrom('requests').selectAll().where('id', '=', id);
      if (dialect === 'postgres') q = q.forUpdate();
      return q.executeTakeFirst();
    },

    async findByCaseNumber(ex: Executor, caseNumber: string): Promise<RequestRow | undefined> {
      return ex.selectFrom('requests').selectAll().where('case_number', '=', caseNumber).executeTakeFirst();
    },

    async items(ex: Executor, requestId: string): Promise<ItemRow[]> {
      return ex
        .selectFrom('request_items')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('position')
        .execute();
    },

    async updateItem(ex: Executor, itemId: string, changes: Updateable<RequestItemsTable>): Promise<void> {
      await ex.updateTable('request_items').set(changes).where('id', '=', itemId).execute();
    },

    /** The staff queue: open requests, most urgent deadline first (D1, D4), a page after the
     *  row `after` (its sort key) when given. */
    async queue(
      ex: Executor,
      statuses: readonly string[],
      limit: number,
      after?: { minor: number; deadline: string; id: string },
    ): Promise<RequestRow[]> {
      let q = ex
        .selectFrom('requests')
        .selectAll()
        .where('status', 'in', statuses as string[]);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('minor_involved', '<', after.minor),
            eb.and([
              eb('minor_involved', '=', after.minor),
              eb.or([
                eb('deadline_at', '>', after.deadline),
                eb.and([eb('deadline_at', '=', after.deadline), eb('id', '>', after.id)]),
              ]),
            ]),
          ]),
        );
      }
      return q.orderBy('minor_involved', 'desc').orderBy('deadline_at').orderBy('id').limit(limit).execute();
    },

    /** Requests the deadline sweeper must look at: every open one, plus those closed since
     * `closedSince` (a stage missed while the service was down still fires, late, once). */
    async sweepCandidates(
      ex: Executor,
      statuses: readonly string[],
      closedSince: string,
    ): Promise<SweepCandidate[]> {
      const rows = await ex
        .selectFrom('requests')
        .select(['id', 'received_at', 'assigned_at', 'decided_at', 'closed_at'])
        .where((eb) => eb.or([eb('status', 'in', statuses as string[]), eb('closed_at', '>=', closedSince)]))
        .execute();
      if (rows.length === 0) return [];
      const fired = await ex
        .selectFrom('escalations')
        .select(['request_id', 'stage'])
        .where(
          'fired_at',
          '>=',
          rows.reduce((min, r) => (r.received_at < min ? r.received_at : min), rows[0].received_at),
        )
        .execute();
      const byRequest = new Map<string, string[]>();
      for (const f of fired) byRequest.set(f.request_id, [...(byRequest.get(f.request_id) ?? []), f.stage]);
      return rows.map((r) => ({ ...r, fired: byRequest.get(r.id) ?? [] }));
    },

    /** Records a stage once; false if it had already fired (the primary key makes it idempotent). */
    async recordEscalation(ex: Executor, requestId: string, stage: string, dueAt: string, firedAt: string) {
      const result = await ex
        .insertInto('escalations')
        .values({ request_id: requestId, stage, due_at: dueAt, fired_at: firedAt })
        .onConflict((oc) => oc.columns(['request_id', 'stage']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async escalations(ex: Executor, requestId: string) {
      return ex
        .selectFrom('escalations')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('due_at')
        .execute();
    },
  };
}

export type RequestsRepository = ReturnType<typeof createRequestsRepository>;
