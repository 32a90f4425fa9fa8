/**
 * The reviewers' work queue (TIDA-D1, D4, G1): open requests and appealed ones, each with the time
 * it is due (the 48-hour deadline, or the open appeal's due time), its item count and its assignee's
 * address; suspected minors first, then by due time. ISO-8601 UTC strings order like the times.
 */
import { sql } from 'kysely';
import type { Dialect, Executor } from '../database.ts';
import type { RequestRow } from './requests-repository.ts';

export interface WorkQueueRow extends RequestRow {
  /** The deadline of an open request, or the due time of the open appeal of an appealed one. */
  due_at: string;
  appeal_id: string | null;
  appellant: string | null;
  appeal_filed_at: string | null;
  item_count: number;
  assignee_email: string | null;
}

export function createWorkQueueRepository(dialect: Dialect) {
  function base(ex: Executor, statuses: readonly string[]) {
    return ex
      .selectFrom('requests as r')
      .leftJoin('appeals as a', (j) => j.onRef('a.request_id', '=', 'r.id').on('a.status', '=', 'open'))
      .leftJoin('users as u', 'u.id', 'r.assigned_to')
      .selectAll('r')
      .select([
        'a.id as appeal_id',
        'a.appellant',
        'a.created_at as appeal_filed_at',
        'u.email as assignee_email',
      ])
      .select(sql<string>`coalesce(a.due_at, r.deadline_at)`.as('due_at'))
      .select((eb) =>
        eb
          .selectFrom('request_items as i')
          .whereRef('i.request_id', '=', 'r.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('item_count'),
      )
      .where('r.status', 'in', [...statuses, 'appealed'])
      .orderBy('r.minor_involved', 'desc')
      .orderBy(sql`coalesce(a.due_at, r.deadline_at)`)
      .orderBy('r.case_number');
  }

  const normalise = (row: unknown): WorkQueueRow => {
    const r = row as WorkQueueRow;
    return { ...r, item_count: Number(r.item_count ?? 0) };
  };

  return {
    /** `statuses` are the open statuses; appealed requests are always included. `after` is the
     *  last row of the previous page (its minor flag, due time and case number). */
    async list(
      ex: Executor,
      statuses: readonly string[],
      limit: number,
      after?: { minor: number; due: string; caseNumber: string },
    ): Promise<WorkQueueRow[]> {
      let q = base(ex, statuses);
      if (after) {
        const due = sql`coalesce(a.due_at, r.deadline_at)`;
        q = q.where((eb) =>
          eb.or([
            eb('r.minor_involved', '<', after.minor),
            eb.and([
              eb('r.minor_involved', '=', after.minor),
              eb.or([
                eb(due, '>', after.due),
                eb.and([eb(due, '=', after.due), eb('r.case_number', '>', after.caseNumber)]),
              ]),
            ]),
          ]),
        );
      }
      return (await q.limit(limit).execute()).map(normalise);
    },

    /** The most urgent case nobody is assigned to, locked against a second claimer (PostgreSQL
     *  skips rows another claim holds; SQLite's write lock already serialises claims). */
    async nextUnassigned(ex: Executor, statuses: readonly string[]): Promise<WorkQueueRow | undefined> {
      let q = base(ex, statuses).where('r.assigned_to', 'is', null).limit(1);
      if (dialect === 'postgres') q = q.forUpdate('r').skipLocked();
      const row = await q.executeTakeFirst();
      return row ? normalise(row) : undefined;
    },
  };
}

export type WorkQueueRepository = ReturnType<typeof createWorkQueueRepository>;
