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
import { hasSomethingToActOn, missingElements } from '../domain/elements.ts';
import { AppError } from '../domain/errors.ts';
import { assertItemVariants } from '../domain/item-variants.ts';
import type { MissingCode } from '../domain/elements.ts';
import type { Language } from '../domain/language.ts';
import type { Submission } from '../domain/request.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
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
  /** The minor fork asks the platform to preserve its copies (item.preserve). */
  webhooks: WebhooksRepository;
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
  /** The language the requester is answered in; default English. */
  language?: Language;
}

/** A submission stamped at arrival (C3) with its identifiers, ready to be written. */
export interface Arrival {
  submission: Submission;
  channel: NonNullable<SubmitInput['channel']>;
  language: Language;
  requestId: string;
  caseNumber: string;
  /** Null when recovering a receipt after a crash: only the token's hash survives. */
  statusToken: string | null;
  digest: string;
  receivedAt: Date;
  deadlineAt: Date;
  missing: MissingCode[];
}

/** Stamps the receipt time the moment a submission arrives, before anything else. */
export function arrive(deps: { clock: Clock; cipher: Cipher }, input: SubmitInput): Arrival {
  if (!hasSomethingToActOn(input.submission)) {
    throw new AppError(
      'nothing_to_act_on',
      'the request names no item (url, platformItemId, pdq or sha256) and no contact (email, phone or postalAddress); give at least one',
    );
  }
  assertItemVariants(input.submission.items);
  const receivedAt = deps.clock.now();
  return {
    submission: input.submission,
    channel: input.channel ?? 'api',
    language: input.language ?? 'en',
    requestId: randomId(),
    caseNumber: formatCaseNumber(randomBytes(8)),
    statusToken: newToken(),
    digest: submissionDigest(deps.cipher, input.submission),
    receivedAt,
    deadlineAt: deadlineOf(receivedAt),
    missing: missingElements(input.submission),
  };
}

type Writers = Omit<SubmitDeps, 'transact' | 'clock'>;

/** The receipts: request rows, items and `request.received` events (multi-row statements). */
export async function writeReceipts(deps: Writers, trx: Executor, arrivals: Arrival[]): Promise<void> {
  if (arrivals.length === 0) return;
  await deps.requests.insertMany(
    trx,
    arrivals.map((p) => ({
      id: p.requestId,
      case_number: p.caseNumber,
      channel: p.channel,
      legal_basis: p.submission.legalBasis,
      submitter_role: p.submission.submitter.role,
      status: 'received',
      received_at: p.receivedAt.toISOString(),
      deadline_at: p.deadlineAt.toISOString(),
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
      personal_data_purged_at: null,
      cybertipline_report_id: null,
      cybertipline_finished_at: null,
      preservation_released_at: null,
      submission_enc: deps.cipher.seal(JSON.stringify(p.submission)),
      submission_digest: p.digest,
      status_token_hash: digest(p.statusToken ?? ''),
      status_token_enc: p.statusToken ? deps.cipher.seal(p.statusToken) : null,
      language: p.language,
      updated_at: p.receivedAt.toISOString(),
    })),
    arrivals.flatMap((p) => itemRows(p.requestId, p.submission)),
  );
  await deps.audit.append(
    trx,
    arrivals.map((p) => ({
      requestId: p.requestId,
      actor: 'requester',
      occurredAt: p.receivedAt,
      event: {
        type: 'request.received' as const,
        version: 1 as const,
        data: {
          caseNumber: p.caseNumber,
          channel: p.channel,
          legalBasis: p.submission.legalBasis,
          submitterRole: p.submission.submitter.role,
          receivedAt: p.receivedAt.toISOString(),
          deadlineAt: p.deadlineAt.toISOString(),
          itemCount: p.submission.items.length,
          submissionDigest: p.digest,
          minorInvolved: p.submission.minorInvolved === true,
          aiGeneratedBelief: p.submission.aiGeneratedBelief === true,
        },
      },
    })),
  );
}

/** The validity decisions (D3) of receipts already committed, their emails and the minor fork. */
export async function writeValidations(
  deps: Writers,
  trx: Executor,
  arrivals: Arrival[],
  now: Date,
): Promise<void> {
  if (arrivals.length === 0) return;
  // Few distinct outcomes: one UPDATE per distinct missing-list, not one per request.
  const groups = new Map<string, string[]>();
  for (const v of arrivals) {
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
    arrivals.map((v) => ({
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
    arrivals.flatMap((v) => {
      const extra = v.statusToken ? { token: deps.cipher.seal(v.statusToken) } : {};
      const jobs = [requesterEmailJob(v.requestId, 'receipt', now, extra)];
      if (v.missing.length > 0) jobs.push(requesterEmailJob(v.requestId, 'missing_info', now, extra));
      return jobs;
    }),
    now,
  );
  for (const v of arrivals) {
    if (v.submission.minorInvolved) await minorFlagWrites(deps, trx, v.requestId, 'system', now);
  }
}

export function resultOf(v: Arrival): SubmitResult {
  return {
    requestId: v.requestId,
    caseNumber: v.caseNumber,
    statusToken: v.statusToken ?? '',
    status: v.missing.length === 0 ? 'in_review' : 'incomplete',
    receivedAt: v.receivedAt,
    deadlineAt: v.deadlineAt,
    missing: v.missing,
  };
}

/** Submits one request: its receipt committed in one transaction, its validity in the next. */
export async function submitRequest(
  deps: SubmitDeps,
  submission: Submission,
  channel: SubmitInput['channel'] = 'api',
  language?: Language,
): Promise<SubmitResult> {
  const arrival = arrive(deps, { submission, channel, language });
  await deps.transact((trx) => writeReceipts(deps, trx, [arrival]));
  await deps.transact((trx) => writeValidations(deps, trx, [arrival], deps.clock.now()));
  return resultOf(arrival);
}
