/**
 * One delivery attempt of a webhook event to one endpoint (the `webhook.deliver` job): signed,
 * within the endpoint address rules, and recorded whatever the outcome. A delivered `item.remove`
 * with a URL queues `removal.verify`, which later checks that the URL is gone. A failure throws:
 * a refusal (4xx) permanently, anything else for the worker's backoff.
 */
import type { Clock } from '../domain/clock.ts';
import { PermanentJobError } from '../domain/jobs.ts';
import type { JobPayloads } from '../domain/jobs.ts';
import type { Transact } from '../db/database.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { deliverWebhook } from '../platform/deliver-webhook.ts';
import type { TargetRules } from '../platform/fetch-media.ts';
import type { Cipher } from '../security/cipher.ts';
import { randomId } from '../security/tokens.ts';

export interface DeliveryDeps {
  transact: Transact;
  jobs: JobsRepository;
  webhooks: WebhooksRepository;
  cipher: Cipher;
  clock: Clock;
  webhookTimeoutMs: number;
  webhookRules: TargetRules;
}

export async function deliverWebhookEvent(
  deps: DeliveryDeps,
  input: JobPayloads['webhook.deliver'] & { attempt: number; lastAttempt: boolean },
): Promise<void> {
  const endpoint = await deps.transact((trx) => deps.webhooks.endpoint(trx, input.endpointId));
  if (!endpoint || !endpoint.enabled) return;
  const event = { id: input.eventId, type: input.type, data: input.data };
  const now = deps.clock.now();
  const secret = deps.cipher.open(endpoint.secret_enc);
  const result = await deliverWebhook(
    { url: endpoint.url, secret },
    event,
    Math.floor(now.getTime() / 1000),
    { rules: deps.webhookRules, timeoutMs: deps.webhookTimeoutMs },
  );
  const outcome = result.ok ? 'delivered' : result.retryable && !input.lastAttempt ? 'retry' : 'failed';
  await deps.transact(async (trx) => {
    await deps.webhooks.recordDelivery(trx, {
      id: randomId(),
      event_id: event.id,
      endpoint_id: endpoint.id,
      type: event.type,
      attempt: input.attempt,
      outcome,
      http_status: result.status,
      error: result.error,
      duration_ms: result.durationMs,
      created_at: now.toISOString(),
    });
    const url = typeof event.data.url === 'string' ? event.data.url : null;
    if (result.ok && event.type === 'item.remove' && url) {
      const platformItemId = event.data.platformItemId;
      const caseNumber = event.data.caseNumber;
      await deps.jobs.enqueue(
        trx,
        {
          type: 'removal.verify',
          payload: {
            url,
            platformItemId: typeof platformItemId === 'string' ? platformItemId : null,
            // Deliveries queued before events carried their request name it by case number.
            ...(input.requestId
              ? { requestId: input.requestId }
              : { caseNumber: typeof caseNumber === 'string' ? caseNumber : null }),
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
}
