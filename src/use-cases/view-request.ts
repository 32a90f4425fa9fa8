/**
 * A staff member opens a case. Every read of a case is logged (TIDA-I1): the read and its audit
 * event happen in one transaction, so there is no way to see a case without leaving a trace.
 */
import type { Clock } from '../domain/clock.ts';
import type { Submission } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AppealsRepository } from '../db/repositories/appeals-repository.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { loadRequest } from './common.ts';
import type { Actor } from './common.ts';

export interface ViewDeps {
  transact: Transact;
  requests: RequestsRepository;
  appeals: AppealsRepository;
  audit: AuditRepository;
  cipher: Cipher;
  clock: Clock;
}

export async function viewRequest(
  deps: ViewDeps,
  input: { requestId: string; actor: Actor; purpose: string },
) {
  return deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: deps.clock.now(),
      event: { type: 'case.viewed', version: 1, data: { purpose: input.purpose } },
    });
    const appeals = await deps.appeals.forRequest(trx, row.id);
    return {
      request: row,
      submission: JSON.parse(deps.cipher.open(row.submission_enc)) as Submission,
      items: await deps.requests.items(trx, row.id),
      escalations: await deps.requests.escalations(trx, row.id),
      appeals: appeals.map((a) => ({ ...a, statement: deps.cipher.open(a.statement_enc) })),
      events: await deps.audit.list(trx, { requestId: row.id }),
    };
  });
}
