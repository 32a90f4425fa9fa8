/**
 * The jobs table is the outbox: use cases insert follow-up work in the same transaction as the
 * change that causes it, and workers claim due jobs. PostgreSQL claims with FOR UPDATE SKIP
 * LOCKED so several workers never take the same job; SQLite has one writer at a time anyway.
 * A job whose worker died is reclaimed after `staleAfterMs`.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { JobPayloads, JobType } from '../../domain/jobs.ts';
import type { Dialect, Executor } from '../database.ts';
import type { JobsTable } from '../schema.ts';

export type JobRow = Selectable<JobsTable>;

interface JobFields<T extends string, P> {
  type: T;
  payload: P;
  runAt: Date;
  maxAttempts?: number;
  /** Jobs with the same key are enqueued once, ever (idempotent producers). */
  dedupeKey?: string;
}

/**
 * A job to queue: its type and the payload that type carries (domain/jobs.ts). The type
 * must be known where the job is made (a plain `string` gives `never`); a type outside the map
 * has no handler in the service's table, so the worker fails it rather than guessing.
 */
export type NewJob<T extends string = JobType> = string extends T
  ? never
  : T extends JobType
    ? JobFields<T, JobPayloads[T]>
    : JobFields<T, Record<string, unknown>>;

/** `NewJob`, with its type where TypeScript can infer it from. */
type Queued<T extends string> = JobFields<T, unknown> & NewJob<T>;

export function createJobsRepository(dialect: Dialect) {
  return {
    async enqueue<T extends string = JobType>(
      ex: Executor,
      jobs: Queued<T> | ReadonlyArray<Queued<T>>,
      now: Date,
    ): Promise<void> {
      const list: ReadonlyArray<Queued<T>> = Array.isArray(jobs) ? jobs : [jobs as Queued<T>];
      if (list.length === 0) return;
      await ex
        .insertInto('jobs')
        .values(
          list.map((j) => ({
            id: crypto.randomUUID(),
            type: j.type,
            payload: JSON.stringify(j.payload),
            status: 'pending',
            attempts: 0,
            max_attempts: j.maxAttempts ?? 8,
            run_at: j.runAt.toISOString(),
            locked_at: null,
            locked_by: null,
            last_error: null,
            dedupe_key: j.dedupeKey ?? null,
            created_at: now.toISOString(),
            finished_at: null,
          })),
        )
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
    },

    async claim(
      ex: Executor,
      workerId: string,
      now: Date,
      limit: number,
      staleAfterMs: number,
      /** Job types left waiting (emails while no mail transport is configured). */
      heldTypes: readonly string[] = [],
    ): Promise<JobRow[]> {
      const nowIso = now.toISOString();
      const staleIso = new Date(now.getTime() - staleAfterMs).toISOString();
      let pick = ex
        .selectFrom('jobs')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', nowIso)]),
            eb.and([eb('status', '=', 'running'), eb('locked_at', '<', staleIso)]),
          ]),
        )
        .orderBy('run_at')
        .limit(limit);
      if (heldTypes.length > 0) pick = pick.where('type', 'not in', [...heldTypes]);
      if (dialect === 'postgres') pick = pick.forUpdate().skipLocked();
      return ex
        .updateTable('jobs')
        .set({ status: 'running', locked_at: nowIso, locked_by: workerId, attempts: sql`attempts + 1` })
        .where('id', 'in', pick)
        .returningAll()
        .execute();
    },

    /** Puts back the jobs a worker claimed and could not settle (it lost the database meanwhile). */
    async releaseClaims(ex: Executor, workerId: string): Promise<void> {
      await ex
        .updateTable('jobs')
        .set({ status: 'pending', locked_at: null, locked_by: null })
        .where('status', '=', 'running')
        .where('locked_by', '=', workerId)
        .execute();
    },

    async complete(ex: Executor, id: string, now: Date): Promise<void> {
      await ex
        .updateTable('jobs')
        .set({ status: 'done', finished_at: now.toISOString(), locked_at: null, locked_by: null })
        .where('id', '=', id)
        .execute();
    },

    async fail(ex: Executor, job: JobRow, error: string, now: Date, retryAt: Date | null): Promise<void> {
      await ex
        .updateTable('jobs')
        .set({
          status: retryAt ? 'pending' : 'failed',
          run_at: retryAt ? retryAt.toISOString() : job.run_at,
          last_error: error.slice(0, 2000),
          locked_at: null,
          locked_by: null,
          finished_at: retryAt ? null : now.toISOString(),
        })
        .where('id', '=', job.id)
        .execute();
    },

    /** How many jobs of these types wait to run, and since when the oldest was queued. */
    async waiting(ex: Executor, types: readonly string[]): Promise<{ count: number; oldest: string | null }> {
      const row = await ex
        .selectFrom('jobs')
        .select((eb) => [eb.fn.countAll().as('count'), eb.fn.min('created_at').as('oldest')])
        .where('type', 'in', [...types])
        .where('status', 'in', ['pending', 'running'])
        .executeTakeFirst();
      return { count: Number(row?.count ?? 0), oldest: (row?.oldest as string | null) ?? null };
    },

    async list(ex: Executor, filter: { type?: string; status?: string } = {}): Promise<JobRow[]> {
      let q = ex.selectFrom('jobs').selectAll().orderBy('created_at');
      if (filter.type) q = q.where('type', '=', filter.type);
      if (filter.status) q = q.where('status', '=', filter.status);
      return q.execute();
    },
  };
}

export type JobsRepository = ReturnType<typeof createJobsRepository>;
