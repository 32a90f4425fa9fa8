/**
 * Small pieces shared by the use cases: the repositories they may be given, loading a request
 * or failing with `not_found`, turning submitted items into rows, and the follow-up jobs that
 * send email. Each use case still names exactly which of these it needs.
 */
import { canonicalJson } from '../domain/audit-events.ts';
import { AppError } from '../domain/errors.ts';
import type { RequesterEmailTemplate } from '../domain/jobs.ts';
import type { Submission } from '../domain/request.ts';
import type { Executor } from '../db/database.ts';
import type { NewJob } from '../db/repositories/jobs-repository.ts';
import type { ItemRow, RequestRow, RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { randomId } from '../security/tokens.ts';

/** Who did something, as written to the audit log: `requester`, `system`, `user:<id>`, `apikey:<id>`. */
export type Actor = string;

export async function loadRequest(
  ex: Executor,
  requests: RequestsRepository,
  id: string,
): Promise<RequestRow> {
  const row = await requests.getForUpdate(ex, id);
  if (!row) throw new AppError('not_found', 'no such request');
  return row;
}

/** The submission's keyed digest for the audit log: comparable, but no guess can be confirmed. */
export function submissionDigest(cipher: Cipher, sub: Submission): string {
  return cipher.fingerprint(canonicalJson(sub));
}

export function itemRows(requestId: string, sub: Submission): ItemRow[] {
  return sub.items.map((item, position) => ({
    id: randomId(),
    request_id: requestId,
    position,
    url: item.url ?? null,
    platform_item_id: item.platformItemId ?? null,
    sha256: item.sha256?.toLowerCase() ?? null,
    pdq: item.pdq?.toLowerCase() ?? null,
    status: 'pending',
    resolved_at: null,
    facts: null,
    variants: item.variants ? JSON.stringify(item.variants) : null,
  }));
}

/** An email to the requester; the address is read (and decrypted) by the job, never copied here. */
export function requesterEmailJob(
  requestId: string,
  template: RequesterEmailTemplate,
  now: Date,
  extra: { token?: string } = {},
): NewJob {
  return { type: 'email.requester', payload: { requestId, template, ...extra }, runAt: now };
}
