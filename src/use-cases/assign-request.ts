/**
 * A moderator takes (or is given) a request. Assignment is the triage milestone of the clock
 * (TIDA-D2): once assigned, the 12-hour triage escalation no longer fires, so only a person who
 * can act on the case counts: an enabled staff account with the moderator (or admin) role.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { assertTransition } from '../domain/request.ts';
import type { RequestStatus } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';
import { loadRequest } from './common.ts';
import type { Actor } from './common.ts';

export interface AssignDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  staff: StaffRepository;
  clock: Clock;
}

const ASSIGNABLE_ROLES: readonly string[] = ['moderator', 'admin'];

export async function assignRequest(
  deps: AssignDeps,
  input: { requestId: string; assigneeId: string; actor: Actor },
): Promise<void> {
  await deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    assertTransition(row.status as RequestStatus, 'assign');
    const assignee = input.assigneeId ? await deps.staff.userById(trx, input.assigneeId) : undefined;
    if (!assignee || assignee.disabled || !ASSIGNABLE_ROLES.includes(assignee.role)) {
      throw new AppError('invalid_assignee', 'the assignee must be an enabled moderator account', {
        assigneeId: input.assigneeId,
      });
    }
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
