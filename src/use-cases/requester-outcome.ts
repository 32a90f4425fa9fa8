/**
 * What the requester's status page says happened after the decision: copies of their content
 * found on the platform and removed, and uploads blocked since. Counts and times only: nothing
 * about who uploaded a copy (its registry row, its uploader) ever reaches the requester.
 */
import type { Transact } from '../db/database.ts';
import type { CopiesRepository } from '../db/repositories/copies-repository.ts';

export interface RequesterOutcome {
  copiesFound: number;
  copiesRemoved: number;
  /** Near copies a moderator has still to confirm. */
  copiesInReview: number;
  lastCopyRemovedAt: string | null;
  uploadsBlocked: number;
  lastBlockedAt: string | null;
}

const REMOVED = ['auto_removed', 'confirmed'];

export async function requesterOutcome(
  deps: { transact: Transact; copies: CopiesRepository },
  requestId: string,
): Promise<RequesterOutcome> {
  return deps.transact(async (trx) => {
    // The sweep also records the reported item itself (match kind `item`): that is not a copy.
    const findings = (await deps.copies.findings(trx, requestId)).filter(
      (f) => f.status !== 'dismissed' && f.match_kind !== 'item',
    );
    const removed = findings.filter((f) => REMOVED.includes(f.status));
    const blocks = await deps.copies.blocks(trx, requestId);
    const removedTimes = removed.map((f) => f.decided_at ?? f.created_at).sort();
    return {
      copiesFound: findings.length,
      copiesRemoved: removed.length,
      copiesInReview: findings.filter((f) => f.status === 'review').length,
      lastCopyRemovedAt: removedTimes.at(-1) ?? null,
      uploadsBlocked: blocks.length,
      lastBlockedAt: blocks.at(-1)?.created_at ?? null,
    };
  });
}
