/**
 * An appeal against a decision (TIDA-G1): by the uploader after a removal, or by a requester
 * whose request was refused. It must come within the appeal window (six months, DSA Art. 20)
 * and is decided by a human, by its due time (the queue shows it); filing it changes nothing on
 * the platform.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import {
  APPEAL_WINDOW_DAYS,
  DEFAULT_APPEAL_TARGET_DAYS,
  appealDueAt,
  assertTransition,
} from '../domain/request.ts';
import type { RequestStatus } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AppealsRepository } from '../db/repositories/appeals-repository.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { randomId } from '../security/tokens.ts';
import { loadRequest } from './common.ts';
import type { Actor } from './common.ts';

export interface FileAppealDeps {
  transact: Transact;
  requests: RequestsRepository;
  appeals: AppealsRepository;
  audit: AuditRepository;
  cipher: Cipher;
  clock: Clock;
  /** The operator's appeal target (REDRESS_APPEAL_TARGET_DAYS); the appeal is due that long after filing. */
  appealTargetDays?: number;
}

export async function fileAppeal(
  deps: FileAppealDeps,
  input: { requestId: string; appellant: 'requester' | 'uploader'; statement: string; actor: Actor },
): Promise<{ appealId: string }> {
  return deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    const prior = row.status as RequestStatus;
    assertTransition(prior, 'appeal');
    if ((prior === 'rejected') !== (input.appellant === 'requester')) {
      throw new AppError('forbidden', 'requesters appeal refusals; uploaders appeal removals');
    }
    const now = deps.clock.now();
    const closedAt = new Date(row.closed_at ?? row.updated_at).getTime();
    if (now.getTime() - closedAt > APPEAL_WINDOW_DAYS * 86_400_000) {
      throw new AppError('conflict', 'the appeal window has closed');
    }
    const appealId = randomId();
    await deps.appeals.insert(trx, {
      id: appealId,
      request_id: row.id,
      appellant: input.appellant,
      statement_enc: deps.cipher.seal(input.statement),
      prior_status: prior,
      status: 'open',
      created_at: now.toISOString(),
      decided_at: null,
      decided_by: null,
      due_at: appealDueAt(now, deps.appealTargetDays ?? DEFAULT_APPEAL_TARGET_DAYS).toISOString(),
    });
    // An appeal is new work for whoever claims it next (a second look, not the first reviewer's
    // by default); the triage milestone (assigned_at) stays as it was.
    await deps.requests.update(trx, row.id, {
      status: 'appealed',
      assigned_to: null,
      updated_at: now.toISOString(),
    });
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'appeal.filed',
        version: 1,
        data: { appealId, appellant: input.appellant, priorStatus: prior },
      },
    });
    return { appealId };
  });
}
