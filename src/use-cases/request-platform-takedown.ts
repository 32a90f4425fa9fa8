/**
 * After a request is approved (the `request.approved` job): the platform is asked to take each
 * item down, one `item.remove` webhook per item it can name (a platform id or a URL) with its
 * statement of reasons, and told the request's new status (`request.updated`). Event ids come
 * from what happened, so a job run twice queues nothing new.
 */
import type { Clock } from '../domain/clock.ts';
import type { LegalBasis } from '../domain/request.ts';
import { statementOfReasons } from '../domain/statement-of-reasons.ts';
import type { Transact } from '../db/database.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { emitWebhookEvent } from './emit-webhook-event.ts';

export interface TakedownDeps {
  transact: Transact;
  requests: RequestsRepository;
  jobs: JobsRepository;
  webhooks: WebhooksRepository;
  clock: Clock;
  /** The service's public address, for the appeal route in statements of reasons. */
  publicUrl: string;
}

export async function requestPlatformTakedown(
  deps: TakedownDeps,
  input: { requestId: string },
): Promise<void> {
  await deps.transact(async (trx) => {
    const now = deps.clock.now();
    const request = await deps.requests.getForUpdate(trx, input.requestId);
    if (!request) return;
    for (const item of await deps.requests.items(trx, request.id)) {
      if (!item.platform_item_id && !item.url) continue;
      await emitWebhookEvent(
        trx,
        deps,
        {
          type: 'item.remove',
          key: `${request.id}:${item.platform_item_id ?? item.url}`,
          requestId: request.id,
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
    const update = { caseNumber: request.case_number, status: 'approved', deadlineAt: request.deadline_at };
    await emitWebhookEvent(
      trx,
      deps,
      { type: 'request.updated', key: `${request.id}:approved`, data: update },
      now,
    );
  });
}
