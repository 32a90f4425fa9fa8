/**
 * What operators watch, read straight from the tables every node shares: worker heartbeats, the
 * outbox's backlog, open requests by escalation stage and past their deadline. One snapshot per
 * readiness probe or metrics scrape; every query is an aggregate over indexed columns.
 */
import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { OperationsSnapshot } from '../../domain/operational-status.ts';
import { OPEN_STATUSES } from '../../domain/request.ts';

const count = sql<number | string>`count(*)`;

export const operationsRepository = {
  async heartbeat(ex: Executor, beat: { workerId: string; host: string; startedAt: Date; now: Date }) {
    await ex
      .insertInto('worker_heartbeats')
      .values({
        worker_id: beat.workerId,
        host: beat.host,
        started_at: beat.startedAt.toISOString(),
        beat_at: beat.now.toISOString(),
      })
      .onConflict((oc) => oc.column('worker_id').doUpdateSet({ beat_at: beat.now.toISOString() }))
      .execute();
  },

  async snapshot(ex: Executor, now: Date): Promise<OperationsSnapshot> {
    const nowIso = now.toISOString();
    const beat = await ex
      .selectFrom('worker_heartbeats')
      .select(sql<string | null>`max(beat_at)`.as('at'))
      .executeTakeFirst();
    const due = await ex
      .selectFrom('jobs')
      .select([count.as('n'), sql<string | null>`min(run_at)`.as('oldest')])
      .where('status', '=', 'pending')
      .where('run_at', '<=', nowIso)
      .executeTakeFirst();
    const failed = await ex
      .selectFrom('jobs')
      .select(count.as('n'))
      .where('status', '=', 'failed')
      .executeTakeFirst();
    const emails = await ex
      .selectFrom('jobs')
      .select(count.as('n'))
      .where('status', 'in', ['pending', 'running'])
      .where('type', 'like', 'email.%')
      .executeTakeFirst();
    const tips = await ex
      .selectFrom('requests')
      .select(count.as('n'))
      .where('minor_involved', '=', 1)
      .where('cybertipline_finished_at', 'is', null)
      .executeTakeFirst();
    const open = await ex
      .selectFrom('requests')
      .select([
        count.as('n'),
        sql<number | string>`sum(case when deadline_at < ${nowIso} then 1 else 0 end)`.as('late'),
      ])
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirst();
    const stages = await ex
      .selectFrom('escalations')
      .innerJoin('requests', 'requests.id', 'escalations.request_id')
      .select(['escalations.stage as stage', count.as('n')])
      .where('requests.status', 'in', [...OPEN_STATUSES])
      .groupBy('escalations.stage')
      .execute();
    const seq = await ex
      .selectFrom('bank_changes')
      .select(sql<number | string | null>`max(seq)`.as('m'))
      .executeTakeFirst();
    return {
      lastWorkerBeatAt: beat?.at ?? null,
      dueJobs: Number(due?.n ?? 0),
      oldestDueJobAt: due?.oldest ?? null,
      failedJobs: Number(failed?.n ?? 0),
      emailsWaiting: Number(emails?.n ?? 0),
      cybertiplineWaiting: Number(tips?.n ?? 0),
      openRequests: Number(open?.n ?? 0),
      overdueRequests: Number(open?.late ?? 0),
      openByStage: Object.fromEntries(stages.map((s) => [s.stage, Number(s.n)])),
      bankChangeSeq: Number(seq?.m ?? 0),
    };
  },
};

export type OperationsRepository = typeof operationsRepository;
