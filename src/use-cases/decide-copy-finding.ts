/**
 * A person decides a near copy a sweep found (E2: near matches go to human review): `confirm`
 * removes it like an exact copy (registry status, `copy.removed`, an `item.remove` webhook),
 * `dismiss` leaves it up. Either way `copy.reviewed` is recorded, in the same transaction.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { ContentRepository } from '../db/repositories/content-repository.ts';
import type { CopiesRepository } from '../db/repositories/copies-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { removeCopy } from './sweep-copies.ts';

export async function decideCopyFinding(
  deps: {
    transact: Transact;
    requests: RequestsRepository;
    content: ContentRepository;
    copies: CopiesRepository;
    audit: AuditRepository;
    jobs: JobsRepository;
    webhooks: WebhooksRepository;
    clock: Clock;
    publicUrl: string;
  },
  input: {
    findingId: string;
    outcome: 'confirm' | 'dismiss';
    actor: string;
    /** The case the decision was offered on (the console's case page): a finding of another is refused. */
    requestId?: string;
  },
): Promise<{ status: string }> {
  return deps.transact(async (trx) => {
    const finding = await deps.copies.finding(trx, input.findingId);
    if (input.requestId !== undefined && finding?.request_id !== input.requestId)
      throw new AppError('invalid_input', 'not a finding of this case');
    if (!finding) throw new AppError('not_found', 'no such finding');
    if (finding.status !== 'review') throw new AppError('conflict', `finding already ${finding.status}`);
    const request = await deps.requests.getForUpdate(trx, finding.request_id);
    const copy = await deps.content.get(trx, finding.content_item_id);
    if (!request || !copy) throw new AppError('not_found', 'the request or item is gone');
    const now = deps.clock.now();
    const status = input.outcome === 'confirm' ? 'confirmed' : 'dismissed';
    await deps.copies.decideFinding(trx, finding.id, status, input.actor, now);
    await deps.audit.append(trx, {
      requestId: request.id,
      actor: input.actor,
      occurredAt: now,
      event: { type: 'copy.reviewed', version: 1, data: { findingId: finding.id, outcome: status } },
    });
    if (status === 'confirmed')
      await removeCopy(
        trx,
        deps,
        request,
        copy,
        finding.match_kind === 'vpdq' ? 'vpdq' : 'pdq',
        false,
        true,
        now,
      );
    return { status };
  });
}
