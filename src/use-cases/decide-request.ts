/**
 * A human decides a request: remove (the items must then come down before the deadline, D1),
 * reject with a stable reason code (F4, J1), or escalate to legal review. The facts relied on are
 * recorded with the decision (F2). Approval queues a `request.approved` job, the seam where the
 * platform adapter takes items down; a rejection queues the decision email (F3).
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { assertTransition } from '../domain/request.ts';
import type { RejectionReason, RequestStatus } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import { loadRequest, requesterEmailJob } from './common.ts';
import type { Actor } from './common.ts';

export interface DecideDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  clock: Clock;
}

export interface DecideInput {
  requestId: string;
  decision: 'remove' | 'reject' | 'escalate_legal';
  reasonCode?: RejectionReason;
  facts?: string;
  actor: Actor;
}

export async function decideRequest(
  deps: DecideDeps,
  input: DecideInput,
): Promise<{ status: RequestStatus }> {
  if (input.decision === 'reject' && !input.reasonCode) {
    throw new AppError('invalid_input', 'a rejection needs a reason code', { field: 'reasonCode' });
  }
  return deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    const action = input.decision === 'remove' ? 'approve' : input.decision;
    assertTransition(row.status as RequestStatus, action);
    const now = deps.clock.now();
    const iso = now.toISOString();
    const status: RequestStatus =
      input.decision === 'remove' ? 'approved' : input.decision === 'reject' ? 'rejected' : 'legal_review';
    const final = input.decision !== 'escalate_legal';
    await deps.requests.update(trx, row.id, {
      status,
      decision: input.decision,
      reason_code: input.reasonCode ?? null,
      decided_at: final ? iso : row.decided_at,
      closed_at: status === 'rejected' ? iso : row.closed_at,
      assigned_at: row.assigned_at ?? iso,
      updated_at: iso,
    });
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'request.decided',
        version: 1,
        data: {
          decision: input.decision,
          reasonCode: input.reasonCode ?? null,
          facts: input.facts ?? null,
          automated: false,
        },
      },
    });
    if (status === 'approved') {
      await deps.jobs.enqueue(
        trx,
        {
          type: 'request.approved',
          payload: { requestId: row.id },
          runAt: now,
          dedupeKey: `approved:${row.id}`,
        },
        now,
      );
    }
    if (status === 'rejected') await deps.jobs.enqueue(trx, requesterEmailJob(row.id, 'decision', now), now);
    return { status };
  });
}
