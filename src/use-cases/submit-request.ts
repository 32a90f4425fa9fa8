/**
 * Submit a removal request (TIDA-C1..C5, D3). The receipt is committed first, in its own
 * transaction, before any validation (C3): whatever happens next, `received_at` and the request
 * as received are on disk. Then the four elements are checked for the legal basis and the
 * validity decision is recorded with the missing-element codes, the receipt (and, when
 * something is missing, the request for it) is queued, and the minor fork (A4) is taken.
 */
import { deadlineOf } from '../domain/clock.ts';
import type { Clock } from '../domain/clock.ts';
import { formatCaseNumber } from '../domain/case-number.ts';
import { missingElements } from '../domain/elements.ts';
import type { MissingCode } from '../domain/elements.ts';
import type { Submission } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { digest, newToken, randomBytes, randomId } from '../security/tokens.ts';
import { itemRows, requesterEmailJob, submissionDigest } from './common.ts';
import { minorFlagWrites } from './flag-minor.ts';

export interface SubmitDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  cipher: Cipher;
  clock: Clock;
}

export interface SubmitResult {
  requestId: string;
  caseNumber: string;
  statusToken: string;
  status: 'in_review' | 'incomplete';
  receivedAt: Date;
  deadlineAt: Date;
  missing: MissingCode[];
}

export async function submitRequest(
  deps: SubmitDeps,
  submission: Submission,
  channel: 'api' | 'web' | 'email' | 'platform' = 'api',
): Promise<SubmitResult> {
  const receivedAt = deps.clock.now();
  const deadlineAt = deadlineOf(receivedAt);
  const requestId = randomId();
  const caseNumber = formatCaseNumber(randomBytes(8));
  const statusToken = newToken();
  const subDigest = submissionDigest(submission);
  const iso = receivedAt.toISOString();

  await deps.transact(async (trx) => {
    await deps.requests.insert(
      trx,
      {
        id: requestId,
        case_number: caseNumber,
        channel,
        legal_basis: submission.legalBasis,
        submitter_role: submission.submitter.role,
        status: 'received',
        received_at: iso,
        deadline_at: deadlineAt.toISOString(),
        validated_at: null,
        missing: null,
        assigned_to: null,
        assigned_at: null,
        decided_at: null,
        decision: null,
        reason_code: null,
        closed_at: null,
        minor_involved: 0,
        ai_generated: submission.aiGeneratedBelief ? 1 : 0,
        preserve_until: null,
        submission_enc: deps.cipher.seal(JSON.stringify(submission)),
        submission_digest: subDigest,
        status_token_hash: digest(statusToken),
        updated_at: iso,
      },
      itemRows(requestId, submission),
    );
    await deps.audit.append(trx, {
      requestId,
      actor: 'requester',
      occurredAt: receivedAt,
      event: {
        type: 'request.received',
        version: 1,
        data: {
          caseNumber,
          channel,
          legalBasis: submission.legalBasis,
          submitterRole: submission.submitter.role,
          receivedAt: iso,
          deadlineAt: deadlineAt.toISOString(),
          itemCount: submission.items.length,
          submissionDigest: subDigest,
          minorInvolved: submission.minorInvolved === true,
          aiGeneratedBelief: submission.aiGeneratedBelief === true,
        },
      },
    });
  });

  const missing = missingElements(submission);
  const status = missing.length === 0 ? 'in_review' : 'incomplete';
  await deps.transact(async (trx) => {
    const now = deps.clock.now();
    await deps.requests.update(trx, requestId, {
      status,
      validated_at: now.toISOString(),
      missing: JSON.stringify(missing),
      updated_at: now.toISOString(),
    });
    await deps.audit.append(trx, {
      requestId,
      actor: 'system',
      occurredAt: now,
      event: { type: 'request.validated', version: 1, data: { valid: missing.length === 0, missing } },
    });
    const token = deps.cipher.seal(statusToken);
    const jobs = [requesterEmailJob(requestId, 'receipt', now, { token })];
    if (missing.length > 0) jobs.push(requesterEmailJob(requestId, 'missing_info', now, { token }));
    await deps.jobs.enqueue(trx, jobs, now);
    if (submission.minorInvolved) await minorFlagWrites(deps, trx, requestId, 'system', now);
  });

  return { requestId, caseNumber, statusToken, status, receivedAt, deadlineAt, missing };
}
