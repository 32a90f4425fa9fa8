/**
 * Appeals against a decision (TIDA-G1), by the uploader or by a refused requester. Statements
 * are personal data and arrive sealed.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { AppealsTable } from '../schema.ts';

export type AppealRow = Selectable<AppealsTable>;

export const appealsRepository = {
  async insert(ex: Executor, row: AppealRow): Promise<void> {
    await ex.insertInto('appeals').values(row).execute();
  },
  async get(ex: Executor, id: string): Promise<AppealRow | undefined> {
    return ex.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async forRequest(ex: Executor, requestId: string): Promise<AppealRow[]> {
    return ex
      .selectFrom('appeals')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .execute();
  },
  async decide(ex: Executor, id: string, status: string, by: string, at: Date): Promise<void> {
    await ex
      .updateTable('appeals')
      .set({ status, decided_by: by, decided_at: at.toISOString() })
      .where('id', '=', id)
      .execute();
  },
};

export type AppealsRepository = typeof appealsRepository;
