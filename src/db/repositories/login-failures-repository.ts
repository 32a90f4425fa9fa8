/**
 * Failed sign-in counters, by subject: a keyed digest of an account's email or of an address
 * (never the value itself), so the table holds the same kind of row for unknown emails as for
 * real accounts.
 */
import type { FailureRecord } from '../../domain/login-backoff.ts';
import type { Executor } from '../database.ts';

export const loginFailuresRepository = {
  async get(ex: Executor, subject: string): Promise<FailureRecord | undefined> {
    const r = await ex
      .selectFrom('login_failures')
      .selectAll()
      .where('subject', '=', subject)
      .executeTakeFirst();
    return r && { failures: Number(r.failures), lastFailedAt: r.last_failed_at, lockedUntil: r.locked_until };
  },
  async put(ex: Executor, subject: string, record: FailureRecord): Promise<void> {
    const row = {
      failures: record.failures,
      last_failed_at: record.lastFailedAt,
      locked_until: record.lockedUntil,
    };
    await ex
      .insertInto('login_failures')
      .values({ subject, ...row })
      .onConflict((oc) => oc.column('subject').doUpdateSet(row))
      .execute();
  },
  async clear(ex: Executor, subject: string): Promise<void> {
    await ex.deleteFrom('login_failures').where('subject', '=', subject).execute();
  },
  /** Counters whose last failure is older than `before` and that lock nothing any more. */
  async prune(ex: Executor, before: Date): Promise<void> {
    const iso = before.toISOString();
    await ex
      .deleteFrom('login_failures')
      .where('last_failed_at', '<', iso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', iso)]))
      .execute();
  },
};

export type LoginFailuresRepository = typeof loginFailuresRepository;
