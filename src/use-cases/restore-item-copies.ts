/**
 * After a successful appeal (G1, G4, E4): the item's bank entries are withdrawn so its hashes stop
 * blocking uploads everywhere, the platform is told to restore the item and every copy removed
 * because of it, and each step is in the audit log. One transaction; safe to run twice.
 */
import type { Clock } from '../domain/clock.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';
import type { ContentRepository } from '../db/repositories/content-repository.ts';
import type { CopiesRepository } from '../db/repositories/copies-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { emitWebhookEvent } from './emit-webhook-event.ts';

export interface RestoreDeps {
  transact: Transact;
  requests: RequestsRepository;
  banks: BanksRepository;
  content: ContentRepository;
  copies: CopiesRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  webhooks: WebhooksRepository;
  clock: Clock;
  afterBankChange?: () => Promise<void>;
}

export async function restoreItemCopies(
  deps: RestoreDeps,
  input: { requestId: string; itemId: string },
): Promise<void> {
  await deps.transact(async (trx) => {
    const now = deps.clock.now();
    const request = await deps.requests.getForUpdate(trx, input.requestId);
    if (!request) return;
    const item = (await deps.requests.items(trx, request.id)).find((i) => i.id === input.itemId);
    if (!item) return;
    const banks = await deps.banks.listBanks(trx);
    for (const entry of await deps.banks.entriesForRequest(trx, request.id)) {
      if (entry.source_item_id !== item.id || entry.withdrawn_at) continue;
      const bank = banks.find((b) => b.id === entry.bank_id)?.name ?? entry.bank_id;
      await deps.banks.withdrawEntry(trx, entry.id, 'system', 'removal overturned on appeal', now);
      await deps.audit.append(trx, {
        requestId: request.id,
        actor: 'system',
        occurredAt: now,
        event: {
          type: 'bank.entry_withdrawn',
          version: 1,
          data: { bank, entryId: entry.id, reason: 'removal overturned on appeal' },
        },
      });
    }
    const findings = (await deps.copies.findings(trx, request.id)).filter(
      (f) => f.source_item_id === item.id && (f.status === 'auto_removed' || f.status === 'confirmed'),
    );
    const targets = [{ platformItemId: item.platform_item_id, url: item.url }];
    for (const f of findings) {
      const copy = await deps.content.get(trx, f.content_item_id);
      if (copy) targets.push({ platformItemId: copy.platform_item_id, url: copy.url });
    }
    const seen = new Set<string>();
    for (const t of targets) {
      const key = t.platformItemId ?? t.url ?? '';
      if (!key || seen.has(key)) continue;
      seen.add(key);
      await emitWebhookEvent(
        trx,
        deps,
        {
          type: 'item.restore',
          key: `${request.id}:${key}`,
          data: { ...t, caseNumber: request.case_number, reason: 'appeal_granted' },
        },
        now,
      );
    }
  });
  await deps.afterBankChange?.();
}
