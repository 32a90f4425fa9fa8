/**
 * Webhook endpoints of the host platform (secrets sealed with the service cipher) and the record
 * of every delivery attempt: event, endpoint, attempt number, outcome, HTTP status, time taken.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../schema-copies.ts';

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

export const webhooksRepository = {
  async insertEndpoint(ex: Executor, row: WebhookEndpointRow): Promise<void> {
    await ex.insertInto('webhook_endpoints').values(row).execute();
  },
  async endpoints(ex: Executor): Promise<WebhookEndpointRow[]> {
    return ex.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
  },
  async endpoint(ex: Executor, id: string): Promise<WebhookEndpointRow | undefined> {
    return ex.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async setEnabled(ex: Executor, id: string, enabled: boolean): Promise<void> {
    await ex
      .updateTable('webhook_endpoints')
      .set({ enabled: enabled ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  },
  /** Enabled endpoints subscribed to this event type (or to every type, '*'). */
  async subscribers(ex: Executor, type: string): Promise<WebhookEndpointRow[]> {
    const rows = await ex.selectFrom('webhook_endpoints').selectAll().where('enabled', '=', 1).execute();
    return rows.filter((r) => {
      const events = JSON.parse(r.events) as string[];
      return events.includes('*') || events.includes(type);
    });
  },
  async recordDelivery(ex: Executor, row: WebhookDeliveryRow): Promise<void> {
    await ex.insertInto('webhook_deliveries').values(row).execute();
  },
  /** Every delivery, or with `page` one page of them in (time, id) order after the row `after`. */
  async deliveries(
    ex: Executor,
    filter: {
      eventId?: string;
      endpointId?: string;
      page?: { limit: number; after?: { createdAt: string; id: string } };
    } = {},
  ) {
    let q = ex.selectFrom('webhook_deliveries').selectAll();
    if (filter.eventId) q = q.where('event_id', '=', filter.eventId);
    if (filter.endpointId) q = q.where('endpoint_id', '=', filter.endpointId);
    const { page } = filter;
    if (!page) return q.orderBy('created_at').orderBy('attempt').execute();
    const after = page.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '>', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)]),
        ]),
      );
    }
    return q.orderBy('created_at').orderBy('id').limit(page.limit).execute();
  },
};

export type WebhooksRepository = typeof webhooksRepository;
