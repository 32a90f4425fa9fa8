/**
 * The requester supplies what an incomplete request lacked (TIDA-D3). The original receipt time
 * and deadline stay as they were: the clock started when the request first arrived. The merged
 * submission is re-validated and the new validity decision recorded.
 */
import type { Clock } from '../domain/clock.ts';
import { mergeSubmission, missingElements } from '../domain/elements.ts';
import type { MissingCode } from '../domain/elements.ts';
import { assertTransition } from '../domain/request.ts';
import type { RequestStatus, Submission } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { assertItemVariants } from '../domain/item-variants.ts';
import { itemRows, loadRequest, requesterEmailJob, submissionDigest } from './common.ts';

export interface CompleteDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  cipher: Cipher;
  clock: Clock;
}

export async function completeMissingInfo(
  deps: CompleteDeps,
  input: { requestId: string; extra: Partial<Submission> },
): Promise<{ status: RequestStatus; missing: MissingCode[] }> {
  return deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    assertTransition(row.status as RequestStatus, 'complete');
    const now = deps.clock.now();
    const original = JSON.parse(deps.cipher.open(row.submission_enc)) as Submission;
    const merged = mergeSubmission(original, input.extra);
    const missing = missingElements(merged);
    const status: RequestStatus = missing.length === 0 ? 'in_review' : 'incomplete';
    const subDigest = submissionDigest(deps.cipher, merged);
    await deps.requests.update(trx, row.id, {
      status,
      missing: JSON.stringify(missing),
      validated_at: now.toISOString(),
      submission_enc: deps.cipher.seal(JSON.stringify(merged)),
      submission_digest: subDigest,
      ai_generated: merged.aiGeneratedBelief ? 1 : row.ai_generated,
      updated_at: now.toISOString(),
    });
    if (input.extra.items && input.extra.items.length > 0) {
      assertItemVariants(input.extra.items);
      await deps.requests.replaceItems(trx, row.id, itemRows(row.id, merged));
    }
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: 'requester',
      occurredAt: now,
      event: {
        type: 'request.completed',
        version: 1,
        data: { submissionDigest: subDigest, missing, valid: missing.length === 0 },
      },
    });
    if (missing.length > 0) await deps.jobs.enqueue(trx, requesterEmailJob(row.id, 'missing_info', now), now);
    return { status, missing };
  });
}
