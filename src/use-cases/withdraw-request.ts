/**
 * The requester (or staff on their behalf) withdraws an open request. The record stays: a
 * withdrawal closes the case and stops the clock, it deletes nothing.
 */
import type { Clock } from '../domain/clock.ts';
import { assertTransition } from '../domain/request.ts';
import type { RequestStatus } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import { loadRequest } from './common.ts';

export interface WithdrawDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  clock: Clock;
}

export async function withdrawRequest(
  deps: WithdrawDeps,
  input: { requestId: string; by: 'requester' | 'staff'; actor: string },
): Promise<void> {
  await deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    assertTransition(row.status as RequestStatus, 'withdraw');
    const now = deps.clock.now();
    await deps.requests.update(trx, row.id, {
      status: 'withdrawn',
      closed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: now,
      event: { type: 'request.withdrawn', version: 1, data: { by: input.by } },
    });
  });
}
