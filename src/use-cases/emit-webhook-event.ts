/**
 * Queues a webhook event for every enabled endpoint subscribed to its type: one
 * `webhook.deliver` job per endpoint, keyed by event id and endpoint, inside the caller's
 * transaction (the outbox), so the state change and its notification commit together and a
 * repeated producer queues nothing new. Event ids are derived from what happened (e.g. the
 * removal of item X under request R), so a replayed sweep re-sends the same id, which the
 * platform drops (docs/WEBHOOKS.md).
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import type { JobsRepository, NewJob } from '../db/repositories/jobs-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';

export type WebhookEventType = 'item.remove' | 'item.restore' | 'item.preserve' | 'request.updated';

export interface OutgoingEvent {
  type: WebhookEventType;
  /** What makes this event unique; hashed into its id. */
  key: string;
  data: Record<string, unknown>;
  /** The request the event is about: kept with the delivery for what follows it, never sent. */
  requestId?: string;
}

export function eventId(type: string, key: string): string {
  return `evt_${createHash('sha256').update(`${type}:${key}`).digest('hex').slice(0, 32)}`;
}

export async function emitWebhookEvent(
  ex: Executor,
  deps: { webhooks: WebhooksRepository; jobs: JobsRepository },
  event: OutgoingEvent,
  now: Date,
): Promise<string> {
  const id = eventId(event.type, event.key);
  const endpoints = await deps.webhooks.subscribers(ex, event.type);
  await deps.jobs.enqueue(
    ex,
    endpoints.map((e): NewJob => ({
      type: 'webhook.deliver',
      payload: {
        eventId: id,
        type: event.type,
        data: event.data,
        endpointId: e.id,
        ...(event.requestId ? { requestId: event.requestId } : {}),
      },
      runAt: now,
      maxAttempts: 8,
      dedupeKey: `webhook:${id}:${e.id}`,
    })),
    now,
  );
  return id;
}
