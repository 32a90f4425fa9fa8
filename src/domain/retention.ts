/**
 * Retention of requesters' personal data: once a case is closed and the retention period has
 * passed, the contact details, statements and signature go; what the case was about (legal
 * basis, items, flags) and its audit trail stay, and so do the bank hashes of removed items,
 * which keep copies down. A minor's case is preserved (TIDA-A4) until its `preserve_until`.
 */
import type { RequestStatus, Submission } from './request.ts';

/** Statuses a case can rest in; `appealed` is not one: an open appeal needs the requester. */
export const FINAL_STATUSES: readonly RequestStatus[] = [
  'removed',
  'partially_removed',
  'rejected',
  'withdrawn',
  'restored',
];

/** The fields a purge removes, as the audit event names them. */
export const PURGED_FIELDS = [
  'submitter.name',
  'submitter.email',
  'submitter.phone',
  'submitter.postalAddress',
  'submitter.authorityEvidence',
  'signature',
  'goodFaithStatement',
  'context',
  'appeals.statement',
] as const;

/** Cases closed before this instant are due for purging (`days` 0 keeps everything). */
export function retentionCutoff(now: Date, days: number): Date | undefined {
  return days === 0 ? undefined : new Date(now.getTime() - days * 86_400_000);
}

/** The submission without its personal data. */
export function withoutPersonalData(submission: Submission): Submission {
  const { role, capacity } = submission.submitter;
  const kept: Submission = { ...submission, submitter: { role, ...(capacity ? { capacity } : {}) } };
  delete kept.signature;
  delete kept.goodFaithStatement;
  delete kept.context;
  return kept;
}
