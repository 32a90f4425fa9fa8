/**
 * A human decides an appeal (TIDA-G1). Upholding keeps the decision; overturning a refusal
 * reopens review (the original receipt time and deadline still stand), overturning a removal
 * restores the content after this legal review, never automatically. A restoration queues an
 * `item.restored` job per item so the stay-down layer can retire the hashes (E4, G4).
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { assertTransition, statusAfterAppeal } from '../domain/request.ts';
import type { RequestStatus } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AppealsRepository } from '../db/repositories/appeals-repository.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import { loadRequest, requesterEmailJob } from './common.ts';
import type { Actor } from './common.ts';

export interface DecideAppealDeps {
  transact: Transact;
  requests: RequestsRepository;
  appeals: AppealsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  clock: Clock;
}

export async function decideAppeal(
  deps: DecideAppealDeps,
  input: { appealId: string; outcome: 'uphold' | 'overturn'; actor: Actor },
): Promise<{ status: RequestStatus }> {
  return deps.transact(async (trx) => {
    const appeal = await deps.appeals.get(trx, input.appealId);
    if (!appeal) throw new AppError('not_found', 'no such appeal');
    if (appeal.status !== 'open') throw new AppError('conflict', 'appeal already decided');
    const row = await loadRequest(trx, deps.requests, appeal.request_id);
    assertTransition(row.status as RequestStatus, input.outcome);
    const now = deps.clock.now();
    const iso = now.toISOString();
    const status = statusAfterAppeal(appeal.prior_status as RequestStatus, input.outcome);
    await deps.appeals.decide(
      trx,
      appeal.id,
      input.outcome === 'uphold' ? 'upheld' : 'overturned',
      input.actor,
      now,
    );
    await deps.requests.update(trx, row.id, {
      status,
      closed_at: status === 'in_review' ? null : iso,
      decided_at: status === 'in_review' ? null : row.decided_at,
      updated_at: iso,
    });
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'appeal.decided',
        version: 1,
        data: { appealId: appeal.id, outcome: input.outcome, status },
      },
    });
    if (status === 'restored') {
      const items = await deps.requests.items(trx, row.id);
      for (const item of items.filter((i) => i.status === 'removed')) {
        await deps.requests.updateItem(trx, item.id, { status: 'restored', resolved_at: iso });
        await deps.jobs.enqueue(
          trx,
          { type: 'item.restored', payload: { requestId: row.id, itemId: item.id }, runAt: now },
          now,
        );
      }
    }
    if (appeal.appellant === 'requester')
      await deps.jobs.enqueue(trx, requesterEmailJob(row.id, 'decision', now), now);
    return { status };
  });
}
