/**
 * The minor-involved fork (TIDA-A4): when the person depicted is or was a minor, the material is
 * apparent child sexual abuse material. It must be reported to NCMEC and preserved for a year,
 * so removals on this request disable public access and preserve evidence instead of deleting.
 * Used at submission (the requester's flag) and by staff at any time.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { preservationEnd } from '../domain/request.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { loadRequest } from './common.ts';
import type { Actor } from './common.ts';
import { emitWebhookEvent } from './emit-webhook-event.ts';

/** The CyberTipline job retries (hourly at most) for about a year, e.g. until credentials are set. */
const CYBERTIPLINE_ATTEMPTS = 9_000;

interface Writers {
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  webhooks: WebhooksRepository;
}

/** The writes of the fork, inside the caller's transaction. */
export async function minorFlagWrites(
  deps: Writers,
  trx: Executor,
  requestId: string,
  actor: Actor,
  now: Date,
) {
  const preserveUntil = preservationEnd(now).toISOString();
  await deps.requests.update(trx, requestId, { minor_involved: 1, preserve_until: preserveUntil });
  await deps.audit.append(trx, {
    requestId,
    actor,
    occurredAt: now,
    event: { type: 'request.minor_flagged', version: 1, data: { ncmecReportRequired: true, preserveUntil } },
  });
  await deps.jobs.enqueue(
    trx,
    [
      { type: 'ncmec.report', payload: { requestId }, runAt: now, dedupeKey: `ncmec:${requestId}` },
      {
        type: 'cybertipline.report',
        payload: { requestId },
        runAt: now,
        maxAttempts: CYBERTIPLINE_ATTEMPTS,
        dedupeKey: `cybertipline:${requestId}`,
      },
    ],
    now,
  );
  // The platform holds the material: it must keep its copy (out of public view) until then.
  const row = await deps.requests.getForUpdate(trx, requestId);
  for (const item of await deps.requests.items(trx, requestId)) {
    if (!item.platform_item_id && !item.url) continue;
    const data = {
      platformItemId: item.platform_item_id,
      url: item.url,
      caseNumber: row?.case_number,
      itemId: item.id,
      reason: 'minor_involved',
      preserveUntil,
    };
    await emitWebhookEvent(trx, deps, { type: 'item.preserve', key: `${requestId}:${item.id}`, data }, now);
  }
}

export async function flagMinor(
  deps: Writers & { transact: Transact; clock: Clock },
  input: { requestId: string; actor: Actor },
): Promise<void> {
  await deps.transact(async (trx) => {
    const row = await loadRequest(trx, deps.requests, input.requestId);
    if (row.minor_involved) throw new AppError('conflict', 'already flagged as involving a minor');
    await minorFlagWrites(deps, trx, row.id, input.actor, deps.clock.now());
  });
}
