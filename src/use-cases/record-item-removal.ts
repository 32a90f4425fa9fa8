/**
 * Records what happened to one item of an approved request: removed, preserved (the minor fork
 * disables public access but keeps evidence, TIDA-A4) or not found. Each removal queues an
 * `item.removed` job, the hook for the copy/stay-down layer (E1-E3). When the last item is
 * resolved the request closes as removed or partially removed and the requester is told (F3).
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { assertTransition, closingStatus } from '../domain/request.ts';
import type { ItemOutcome, ItemStatus, RequestStatus } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import { loadRequest, requesterEmailJob } from './common.ts';
import type { Actor } from './common.ts';

export interface RecordRemovalDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  clock: Clock;
}

export async function recordItemRemoval(
  deps: RecordRemovalDeps,
  input: { requestId: string; itemId: string; outcome: ItemOutcome; facts?: string; actor: Actor },
): Promise<{ itemStatus: ItemStatus; requestStatus: RequestStatus }> {
  return deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    assertTransition(row.status as RequestStatus, 'resolve_items');
    const items = await deps.requests.items(trx, row.id);
    const item = items.find((i) => i.id === input.itemId);
    if (!item) throw new AppError('not_found', 'no such item on this request');
    if (item.status !== 'pending') throw new AppError('conflict', `item already ${item.status}`);
    const now = deps.clock.now();
    const iso = now.toISOString();
    // A4: on a minor's request nothing is deleted; taking it down means disable and preserve.
    const outcome: ItemOutcome =
      input.outcome === 'removed' && row.minor_involved ? 'preserved' : input.outcome;
    await deps.requests.updateItem(trx, item.id, {
      status: outcome,
      resolved_at: iso,
      facts: input.facts ?? null,
    });
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'item.resolved',
        version: 1,
        data: { itemId: item.id, outcome, facts: input.facts ?? null },
      },
    });
    if (outcome !== 'not_found') {
      await deps.jobs.enqueue(
        trx,
        {
          type: 'item.removed',
          payload: { requestId: row.id, itemId: item.id, outcome, sha256: item.sha256, pdq: item.pdq },
          runAt: now,
          dedupeKey: `item.removed:${item.id}`,
        },
        now,
      );
    }
    const statuses = items.map((i) => (i.id === item.id ? outcome : (i.status as ItemStatus)));
    const closing = closingStatus(statuses);
    let requestStatus = row.status as RequestStatus;
    if (closing) {
      requestStatus = closing;
      await deps.requests.update(trx, row.id, { status: closing, closed_at: iso, updated_at: iso });
      const down = statuses.filter((s) => s === 'removed' || s === 'preserved').length;
      await deps.audit.append(trx, {
        requestId: row.id,
        actor: input.actor,
        occurredAt: now,
        event: {
          type: 'request.closed',
          version: 1,
          data: { status: closing, itemsDown: down, itemCount: items.length },
        },
      });
      await deps.jobs.enqueue(trx, requesterEmailJob(row.id, 'decision', now), now);
    }
    return { itemStatus: outcome, requestStatus };
  });
}
