/**
 * Job handlers of the copies and stay-down layer, each calling one use case: `request.approved`
 * asks the platform to take each item down, `item.removed` runs the copy sweep, `item.restored`
 * withdraws the item's hashes and asks the platform to restore it, `webhook.deliver` makes one
 * signed delivery attempt, and `removal.verify` records whether a removed item's URL is gone.
 */
import type { Logger } from 'pino';
import { deliverWebhookEvent } from '../use-cases/deliver-webhook-event.ts';
import type { DeliveryDeps } from '../use-cases/deliver-webhook-event.ts';
import { emitWebhookEvent } from '../use-cases/emit-webhook-event.ts';
import { requestPlatformTakedown } from '../use-cases/request-platform-takedown.ts';
import type { TakedownDeps } from '../use-cases/request-platform-takedown.ts';
import { restoreItemCopies } from '../use-cases/restore-item-copies.ts';
import type { RestoreDeps } from '../use-cases/restore-item-copies.ts';
import { sweepCopies } from '../use-cases/sweep-copies.ts';
import type { SweepDeps } from '../use-cases/sweep-copies.ts';
import { verifyRemoval } from '../use-cases/verify-removal.ts';
import type { VerifyRemovalDeps } from '../use-cases/verify-removal.ts';
import type { JobHandlers } from './worker.ts';

export type CopiesJobType =
  'request.approved' | 'item.removed' | 'item.restored' | 'webhook.deliver' | 'removal.verify';

export interface CopiesHandlerDeps
  extends SweepDeps, RestoreDeps, TakedownDeps, DeliveryDeps, VerifyRemovalDeps {
  log: Logger;
}

export function createCopiesHandlers(deps: CopiesHandlerDeps): Pick<JobHandlers, CopiesJobType> {
  return {
    'request.approved': (_job, { requestId }) => requestPlatformTakedown(deps, { requestId }),
    'item.removed': async (_job, payload) => {
      const { requestId, itemId } = payload;
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
    'item.restored': (_job, { requestId, itemId }) => restoreItemCopies(deps, { requestId, itemId }),
    'webhook.deliver': (job, payload) => {
      const attempt = Number(job.attempts);
      return deliverWebhookEvent(deps, {
        ...payload,
        attempt,
        lastAttempt: attempt >= Number(job.max_attempts),
      });
    },
    'removal.verify': (_job, payload) => verifyRemoval(deps, payload),
  };
}
