/**
 * Ends the one-year preservation of a minor's case (18 U.S.C. 2258A(h)) once `preserve_until`
 * has passed: marks the case released and records `preservation.released`, once per case however
 * often the sweep runs. Afterwards the case follows the ordinary retention rules.
 */
import type { Clock } from '../domain/clock.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';

export interface ReleaseDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  clock: Clock;
}

export async function releaseExpiredPreservations(deps: ReleaseDeps): Promise<string[]> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const due = await deps.transact((trx) =>
    trx
      .selectFrom('requests')
      .select('id')
      .where('minor_involved', '=', 1)
      .where('preserve_until', '<=', nowIso)
      .where('preservation_released_at', 'is', null)
      .execute(),
  );
  const released: string[] = [];
  for (const { id } of due) {
    const done = await deps.transact(async (trx) => {
      const row = await deps.requests.getForUpdate(trx, id);
      if (!row?.preserve_until || row.preservation_released_at || row.preserve_until > nowIso) return false;
      await deps.requests.update(trx, id, { preservation_released_at: nowIso });
      await deps.audit.append(trx, {
        requestId: id,
        actor: 'system',
        occurredAt: now,
        event: { type: 'preservation.released', version: 1, data: { preserveUntil: row.preserve_until } },
      });
      return true;
    });
    if (done) released.push(id);
  }
  return released;
}
