/**
 * Job handlers of the copies and stay-down layer, merged over the placeholders of handlers.ts:
 * `request.approved` tells the platform to take each item down (`item.remove` webhooks),
 * `item.removed` runs the copy sweep, `item.restored` withdraws the item's hashes and tells the
 * platform to restore it, `webhook.deliver` makes one signed delivery attempt and records it, and
 * `removal.verify` fetches a removed item's URL and records whether it is gone (404/410).
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import type { LegalBasis } from '../domain/request.ts';
import { statementOfReasons } from '../domain/statement-of-reasons.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { deliverWebhook } from '../platform/deliver-webhook.ts';
import { probeStatus } from '../platform/fetch-media.ts';
import type { FetchOptions, TargetRules } from '../platform/fetch-media.ts';
import type { Cipher } from '../security/cipher.ts';
import { randomId } from '../security/tokens.ts';
import { emitWebhookEvent } from '../use-cases/emit-webhook-event.ts';
import { restoreItemCopies } from '../use-cases/restore-item-copies.ts';
import type { RestoreDeps } from '../use-cases/restore-item-copies.ts';
import { sweepCopies } from '../use-cases/sweep-copies.ts';
import type { SweepDeps } from '../use-cases/sweep-copies.ts';
import type { JobHandler } from './worker.ts';

/** A failure no retry can fix (the endpoint refused the event): the worker stops retrying. */
export class PermanentJobError extends Error {
  readonly permanent = true;
}

export interface CopiesHandlerDeps extends SweepDeps, RestoreDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  webhooks: WebhooksRepository;
  cipher: Cipher;
  clock: Clock;
  log: Logger;
  webhookTimeoutMs: number;
  webhookRules: TargetRules;
  fetchOptions: FetchOptions;
}

export function createCopiesHandlers(deps: CopiesHandlerDeps): Record<string, JobHandler> {
  return {
    'request.approved': async (_job, payload) => {
      await deps.transact(async (trx) => {
        const now = deps.clock.now();
        const request = await deps.requests.getForUpdate(trx, String(payload.requestId));
        if (!request) return;
        for (const item of await deps.requests.items(trx, request.id)) {
          if (!item.platform_item_id && !item.url) continue;
          await emitWebhookEvent(
            trx,
            deps,
            {
              type: 'item.remove',
              key: `${request.id}:${item.platform_item_id ?? item.url}`,
              data: {
                platformItemId: item.platform_item_id,
                url: item.url,
                caseNumber: request.case_number,
                itemId: item.id,
                reason: 'takedown',
                deadlineAt: request.deadline_at,
                statementOfReasons: statementOfReasons({
                  platformItemId: item.platform_item_id,
                  legalBasis: request.legal_basis as LegalBasis,
                  ground: 'takedown',
                  decidedAt: new Date(request.decided_at ?? now.toISOString()),
                  caseNumber: request.case_number,
                  publicUrl: deps.publicUrl,
                }),
              },
            },
            now,
          );
        }
        const update = {
          caseNumber: request.case_number,
          status: 'approved',
          deadlineAt: request.deadline_at,
        };
        await emitWebhookEvent(
          trx,
          deps,
          { type: 'request.updated', key: `${request.id}:approved`, data: update },
          now,
        );
      });
    },
    'item.removed': async (_job, payload) => {
      const requestId = String(payload.requestId);
      const itemId = String(payload.itemId);
      const result = await sweepCopies(deps, { requestId, itemId });
      deps.log.info({ requestId, exact: result.exact.length, near: result.near.length }, 'copy sweep done');
      await deps.transact(async (trx) => {
        const request = await deps.requests.getForUpdate(trx, requestId);
        if (!request) return;
        const data = {
          caseNumber: request.case_number,
          status: request.status,
          itemId,
          copiesRemoved: result.exact.length,
          copiesInReview: result.near.length,
        };
        const key = `${requestId}:swept:${itemId}`;
        await emitWebhookEvent(trx, deps, { type: 'request.updated', key, data }, deps.clock.now());
      });
    },
    'item.restored': async (_job, payload) => {
      await restoreItemCopies(deps, { requestId: String(payload.requestId), itemId: String(payload.itemId) });
    },
    'webhook.deliver': async (job, payload) => {
      const endpoint = await deps.transact((trx) => deps.webhooks.endpoint(trx, String(payload.endpointId)));
      if (!endpoint || !endpoint.enabled) return;
      const event = {
        id: String(payload.eventId),
        type: String(payload.type),
        data: payload.data as Record<string, unknown>,
      };
      const now = deps.clock.now();
      const secret = deps.cipher.open(endpoint.secret_enc);
      const result = await deliverWebhook(
        { url: endpoint.url, secret },
        event,
        Math.floor(now.getTime() / 1000),
        { rules: deps.webhookRules, timeoutMs: deps.webhookTimeoutMs },
      );
      const attempt = Number(job.attempts);
      const last = attempt >= Number(job.max_attempts);
      const outcome = result.ok ? 'delivered' : result.retryable && !last ? 'retry' : 'failed';
      await deps.transact(async (trx) => {
        await deps.webhooks.recordDelivery(trx, {
          id: randomId(),
          event_id: event.id,
          endpoint_id: endpoint.id,
          type: event.type,
          attempt,
          outcome,
          http_status: result.status,
          error: result.error,
          duration_ms: result.durationMs,
          created_at: now.toISOString(),
        });
        const url = typeof event.data.url === 'string' ? event.data.url : null;
        if (result.ok && event.type === 'item.remove' && url) {
          await deps.jobs.enqueue(
            trx,
            {
              type: 'removal.verify',
              payload: {
                url,
                platformItemId: event.data.platformItemId ?? null,
                caseNumber: event.data.caseNumber ?? null,
              },
              runAt: now,
              maxAttempts: 3,
              dedupeKey: `verify:${event.id}`,
            },
            now,
          );
        }
      });
      if (result.ok) return;
      if (!result.retryable) throw new PermanentJobError(`endpoint refused the event: ${result.error}`);
      throw new Error(`delivery failed: ${result.error}`);
    },
    'removal.verify': async (_job, payload) => {
      const url = String(payload.url);
      const status = await probeStatus(url, deps.fetchOptions);
      const caseNumber = typeof payload.caseNumber === 'string' ? payload.caseNumber : null;
      await deps.transact(async (trx) => {
        const request = caseNumber ? await deps.requests.findByCaseNumber(trx, caseNumber) : undefined;
        await deps.audit.append(trx, {
          requestId: request?.id ?? null,
          actor: 'system',
          occurredAt: deps.clock.now(),
          event: {
            type: 'removal.verified',
            version: 1,
            data: {
              platformItemId: typeof payload.platformItemId === 'string' ? payload.platformItemId : null,
              url,
              status,
              removed: status === 404 || status === 410,
            },
          },
        });
      });
    },
  };
}
