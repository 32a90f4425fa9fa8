/**
 * The stay-down layer's lists as staff read them (console pages, the staff API, `redress bank
 * list`): banks with their live entry counts, webhook endpoints and their delivery record, and
 * the copy findings waiting for review, each page ordered by (created_at, id) for its cursor.
 */
import type { Executor } from '../db/database.ts';
import type { BankRow, BanksRepository } from '../db/repositories/banks-repository.ts';
import type { CopiesRepository, CopyFindingRow } from '../db/repositories/copies-repository.ts';
import type {
  WebhookDeliveryRow,
  WebhookEndpointRow,
  WebhooksRepository,
} from '../db/repositories/webhooks-repository.ts';

export interface StayDownRecordsDeps {
  db: Executor;
  banks: BanksRepository;
  copies: CopiesRepository;
  webhooks: WebhooksRepository;
}

/** A page's position: the (created_at, id) of the last row of the page before. */
export type PageAfter = { createdAt: string; id: string } | undefined;

export type BankSummary = BankRow & { entries: number };
export type FindingInReview = CopyFindingRow & { case_number: string; platform_item_id: string };

export function listStayDownRecords(deps: StayDownRecordsDeps) {
  return {
    banks: (): Promise<BankSummary[]> => deps.banks.listBanks(deps.db),
    webhookEndpoints: (): Promise<WebhookEndpointRow[]> => deps.webhooks.endpoints(deps.db),
    deliveries: (filter: {
      eventId?: string;
      limit: number;
      after?: PageAfter;
    }): Promise<WebhookDeliveryRow[]> =>
      deps.webhooks.deliveries(deps.db, {
        eventId: filter.eventId,
        page: { limit: filter.limit, after: filter.after },
      }),
    findingsInReview: (limit: number, after?: PageAfter): Promise<FindingInReview[]> =>
      deps.copies.findingsByStatus(deps.db, 'review', limit, after),
  };
}

export type StayDownRecords = ReturnType<typeof listStayDownRecords>;
