/**
 * "Claim next": a reviewer takes the most urgent case nobody is assigned to (suspected minors
 * first, then by due time: the 48-hour deadline, or an open appeal's due time) in one step. Two
 * reviewers claiming at once get different cases. Answers null when nothing is left to claim.
 */
import type { Clock } from '../domain/clock.ts';
import { OPEN_STATUSES } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { WorkQueueRepository } from '../db/repositories/work-queue-repository.ts';
import type { Actor } from './common.ts';

export interface ClaimNextDeps {
  transact: Transact;
  requests: RequestsRepository;
  workQueue: WorkQueueRepository;
  audit: AuditRepository;
  clock: Clock;
}

export async function claimNextCase(
  deps: ClaimNextDeps,
  input: { assigneeId: string; actor: Actor },
): Promise<{ caseNumber: string; dueAt: string } | null> {
  return deps.transact(async (trx) => {
    const next = await deps.workQueue.nextUnassigned(trx, OPEN_STATUSES);
    if (!next) return null;
    const now = deps.clock.now();
    await deps.requests.update(trx, next.id, {
      assigned_to: input.assigneeId,
      assigned_at: next.assigned_at ?? now.toISOString(),
      updated_at: now.toISOString(),
    });
    await deps.audit.append(trx, {
      requestId: next.id,
      actor: input.actor,
      occurredAt: now,
      event: { type: 'request.assigned', version: 1, data: { assigneeId: input.assigneeId } },
    });
    return { caseNumber: next.case_number, dueAt: next.due_at };
  });
}
