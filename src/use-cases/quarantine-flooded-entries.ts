/**
 * The flood rule, run after a check recorded blocks: an entry that blocked uploads of at least
 * `uploaders` different uploaders within the last minute is not a victim's image being re-shared
 * by a few accounts but a hash matching something common (or planted to): it is quarantined, so
 * its matches go to review from now on, and its source (network, partner or `local`) is flagged.
 * Both are audited and shown on the bank's page. A quarantine is lifted by withdrawing the entry
 * or, for a wrong call, by an operator in the database; it is never lifted by the feed itself.
 */
import type { Clock } from '../domain/clock.ts';
import { FLOOD_WINDOW_MS, isFlood } from '../domain/poisoning.ts';
import { sourceName } from '../domain/provenance.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';
import type { PoisoningRepository } from '../db/repositories/poisoning-repository.ts';

export interface FloodDeps {
  transact: Transact;
  banks: BanksRepository;
  poisoning: PoisoningRepository;
  audit: AuditRepository;
  clock: Clock;
  uploaders: number;
}

export async function quarantineFloodedEntries(
  deps: FloodDeps,
  entryIds: readonly string[],
): Promise<string[]> {
  const quarantined: string[] = [];
  for (const entryId of new Set(entryIds)) {
    const done = await deps.transact(async (trx) => {
      if (await deps.poisoning.quarantine(trx, entryId)) return false;
      const now = deps.clock.now();
      const uploaders = await deps.poisoning.uploadersBlocked(
        trx,
        entryId,
        new Date(now.getTime() - FLOOD_WINDOW_MS),
      );
      if (!isFlood(uploaders, deps.uploaders)) return false;
      const entry = await deps.banks.entry(trx, entryId);
      if (!entry) return false;
      const source = sourceName({ kind: entry.source_kind, ref: entry.source_ref, label: null }) ?? 'local';
      const reason = `blocked ${uploaders} different uploaders within a minute`;
      await deps.poisoning.insertQuarantine(trx, {
        entry_id: entryId,
        bank_id: entry.bank_id,
        source,
        reason,
        quarantined_at: now.toISOString(),
      });
      await deps.poisoning.flagSource(trx, {
        source,
        reason: `entry ${entryId} ${reason}`,
        review_only: 0,
        flagged_at: now.toISOString(),
      });
      await deps.audit.append(trx, {
        requestId: entry.source_request_id,
        actor: 'system:flood-guard',
        occurredAt: now,
        event: {
          type: 'bank.entry_quarantined',
          version: 1,
          data: { entryId, bankId: entry.bank_id, source, uploaders, windowS: FLOOD_WINDOW_MS / 1000 },
        },
      });
      return true;
    });
    if (done) quarantined.push(entryId);
  }
  return quarantined;
}
