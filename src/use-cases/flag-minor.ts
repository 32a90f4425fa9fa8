/**
 * The minor-involved fork (TIDA-A4): when the person depicted is or was a minor, the material is
 * apparent child sexual abuse material. It must be reported to NCMEC and preserved for a year,
 * so removals on this request disable public access and preserve evidence instead of deleting.
 * Used at submission (the requester's flag) and by staff at any time.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { preservationEnd } from '../domain/request.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import { loadRequest } from './common.ts';
import type { Actor } from './common.ts';

interface Writers {
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
}

/** The writes of the fork, inside the caller's transaction. */
export async function minorFlagWrites(
  deps: Writers,
  trx: Executor,
  requestId: string,
  actor: Actor,
  now: Date,
) {
  const preserveUntil = preservationEnd(now).toISOString();
  await deps.requests.update(trx, requestId, { minor_involved: 1, preserve_until: preserveUntil });
  await deps.audit.append(trx, {
    requestId,
    actor,
    occurredAt: now,
    event: { type: 'request.minor_flagged', version: 1, data: { ncmecReportRequired: true, preserveUntil } },
  });
  await deps.jobs.enqueue(
    trx,
    { type: 'ncmec.report', payload: { requestId }, runAt: now, dedupeKey: `ncmec:${requestId}` },
    now,
  );
}

export async function flagMinor(
  deps: Writers & { transact: Transact; clock: Clock },
  input: { requestId: string; actor: Actor },
): Promise<void> {
  await deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    if (row.minor_involved) throw new AppError('conflict', 'already flagged as involving a minor');
    await minorFlagWrites(deps, trx, row.id, input.actor, deps.clock.now());
  });
}
