/**
 * A moderator takes (or is given) a request. Assignment is the triage milestone of the clock
 * (TIDA-D2): once assigned, the 12-hour triage escalation no longer fires.
 */
import type { Clock } from '../domain/clock.ts';
import { assertTransition } from '../domain/request.ts';
import type { RequestStatus } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import { loadRequest } from './common.ts';
import type { Actor } from './common.ts';

export interface AssignDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  clock: Clock;
}

export async function assignRequest(
  deps: AssignDeps,
  input: { requestId: string; assigneeId: string; actor: Actor },
): Promise<void> {
  await deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    assertTransition(row.status as RequestStatus, 'assign');
    const now = deps.clock.now();
    await deps.requests.update(trx, row.id, {
      assigned_to: input.assigneeId,
      assigned_at: row.assigned_at ?? now.toISOString(),
      updated_at: now.toISOString(),
    });
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: now,
      event: { type: 'request.assigned', version: 1, data: { assigneeId: input.assigneeId } },
    });
  });
}
