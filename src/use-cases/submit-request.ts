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

export interface SubmitInput {
  submission: Submission;
  channel?: 'api' | 'web' | 'email' | 'platform';
}

/** One submission; see `submitRequests` for the batched form the HTTP intake uses. */
export async function submitRequest(
  deps: SubmitDeps,
  submission: Submission,
  channel: SubmitInput['channel'] = 'api',
): Promise<SubmitResult> {
  return (await submitRequests(deps, [{ submission, channel }]))[0];
}

/**
 * Submits several requests with a fixed number of statements per batch (multi-row inserts),
 * in two transactions: the receipts first (C3), then the validity decisions (D3).
 */
export async function submitRequests(deps: SubmitDeps, inputs: SubmitInput[]): Promise<SubmitResult[]> {
  const receivedAt = deps.clock.now();
  const deadlineAt = deadlineOf(receivedAt);
  const iso = receivedAt.toISOString();
  const prepared = inputs.map(({ submission, channel = 'api' }) => ({
    submission,
    channel,
    requestId: randomId(),
    caseNumber: formatCaseNumber(randomBytes(8)),
    statusToken: newToken(),
    digest: submissionDigest(submission),
  }));

  await deps.transact(async (trx) => {
    await deps.requests.insertMany(
      trx,
      prepared.map((p) => ({
        id: p.requestId,
        case_number: p.caseNumber,
        channel: p.channel,
        legal_basis: p.submission.legalBasis,
        submitter_role: p.submission.submitter.role,
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
        ai_generated: p.submission.aiGeneratedBelief ? 1 : 0,
        preserve_until: null,
        submission_enc: deps.cipher.seal(JSON.stringify(p.submission)),
        submission_digest: p.digest,
        status_token_hash: digest(p.statusToken),
        updated_at: iso,
      })),
      prepared.flatMap((p) => itemRows(p.requestId, p.submission)),
    );
    await deps.audit.append(
      trx,
      prepared.map((p) => ({
        requestId: p.requestId,
        actor: 'requester',
        occurredAt: receivedAt,
        event: {
          type: 'request.received' as const,
          version: 1 as const,
          data: {
            caseNumber: p.caseNumber,
            channel: p.channel,
            legalBasis: p.submission.legalBasis,
            submitterRole: p.submission.submitter.role,
            receivedAt: iso,
            deadlineAt: deadlineAt.toISOString(),
            itemCount: p.submission.items.length,
            submissionDigest: p.digest,
            minorInvolved: p.submission.minorInvolved === true,
            aiGeneratedBelief: p.submission.aiGeneratedBelief === true,
          },
        },
      })),
    );
  });

  const validated = prepared.map((p) => ({ ...p, missing: missingElements(p.submission) }));
  await deps.transact(async (trx) => {
    const now = deps.clock.now();
    // Few distinct outcomes: one UPDATE per distinct missing-list, not per request.
    const groups = new Map<string, string[]>();
    for (const v of validated) {
      const key = JSON.stringify(v.missing);
      groups.set(key, [...(groups.get(key) ?? []), v.requestId]);
    }
    for (const [missing, ids] of groups) {
      await deps.requests.updateMany(trx, ids, {
        status: missing === '[]' ? 'in_review' : 'incomplete',
        validated_at: now.toISOString(),
        missing,
        updated_at: now.toISOString(),
      });
    }
    await deps.audit.append(
      trx,
      validated.map((v) => ({
        requestId: v.requestId,
        actor: 'system',
        occurredAt: now,
        event: {
          type: 'request.validated' as const,
          version: 1 as const,
          data: { valid: v.missing.length === 0, missing: v.missing },
        },
      })),
    );
    await deps.jobs.enqueue(
      trx,
      validated.flatMap((v) => {
        const token = deps.cipher.seal(v.statusToken);
        const jobs = [requesterEmailJob(v.requestId, 'receipt', now, { token })];
        if (v.missing.length > 0) jobs.push(requesterEmailJob(v.requestId, 'missing_info', now, { token }));
        return jobs;
      }),
      now,
    );
    for (const v of validated) {
      if (v.submission.minorInvolved) await minorFlagWrites(deps, trx, v.requestId, 'system', now);
    }
  });

  return validated.map((v) => ({
    requestId: v.requestId,
    caseNumber: v.caseNumber,
    statusToken: v.statusToken,
    status: v.missing.length === 0 ? 'in_review' : 'incomplete',
    receivedAt,
    deadlineAt,
    missing: v.missing,
  }));
}
