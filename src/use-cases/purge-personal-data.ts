/**
 * The retention job (run by the worker's sweep): purges the personal data of cases closed more
 * than the retention period ago (src/domain/retention.ts), a batch per transaction, each with a
 * `request.personal_data_purged` audit event. Preserved cases (a minor's, until `preserve_until`)
 * and cases under appeal wait; bank hashes are untouched.
 */
import type { Clock } from '../domain/clock.ts';
import type { Submission } from '../domain/request.ts';
import { FINAL_STATUSES, PURGED_FIELDS, retentionCutoff, withoutPersonalData } from '../domain/retention.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { Cipher } from '../security/cipher.ts';

export interface PurgeDeps {
  transact: Transact;
  audit: AuditRepository;
  cipher: Cipher;
  clock: Clock;
  retentionDays: number;
}

const BATCH = 100;

/** Purges every case due now; returns how many. */
export async function purgeExpiredPersonalData(deps: PurgeDeps): Promise<number> {
  const now = deps.clock.now();
  const cutoff = retentionCutoff(now, deps.retentionDays);
  if (!cutoff) return 0;
  const nowIso = now.toISOString();
  let purged = 0;
  for (;;) {
    const count = await deps.transact(async (trx) => {
      const due = await trx
        .selectFrom('requests')
        .select(['id', 'closed_at', 'submission_enc'])
        .where('closed_at', '<', cutoff.toISOString())
        .where('personal_data_purged_at', 'is', null)
        .where('status', 'in', FINAL_STATUSES)
        .where((eb) => eb.or([eb('preserve_until', 'is', null), eb('preserve_until', '<=', nowIso)]))
        .orderBy('closed_at')
        .limit(BATCH)
        .execute();
      for (const row of due) {
        const submission = JSON.parse(deps.cipher.open(row.submission_enc)) as Submission;
        await trx
          .updateTable('requests')
          .set({
            submission_enc: deps.cipher.seal(JSON.stringify(withoutPersonalData(submission))),
            personal_data_purged_at: nowIso,
          })
          .where('id', '=', row.id)
          .execute();
        await trx
          .updateTable('appeals')
          .set({ statement_enc: deps.cipher.seal('') })
          .where('request_id', '=', row.id)
          .execute();
        await deps.audit.append(trx, {
          requestId: row.id,
          actor: 'system',
          occurredAt: now,
          event: {
            type: 'request.personal_data_purged',
            version: 1,
            data: { closedAt: row.closed_at!, retentionDays: deps.retentionDays, fields: [...PURGED_FIELDS] },
          },
        });
      }
      return due.length;
    });
    purged += count;
    if (count < BATCH) return purged;
  }
}
