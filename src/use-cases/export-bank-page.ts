/**
 * One page of a bank's hashes for partners (E4), as `GET /api/v1/banks/{name}/export` and
 * `redress bank export` give it and `redress bank import` reads it: entries in id order with
 * their hashes, withdrawn entries included so withdrawals propagate, and nothing that could point
 * at who asked (no labels, request ids or item ids).
 */
import { AppError } from '../domain/errors.ts';
import type { Executor } from '../db/database.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';

export interface ExportPage {
  bank: string;
  entries: Array<{
    entry: string;
    sourceKind: string;
    createdAt: string;
    withdrawnAt: string | null;
    hashes: Array<{ kind: string; value: string; variant: string; pipeline?: number }>;
  }>;
  /** The `after` of the next page; null on the last. */
  next: string | null;
}

export async function exportBankPage(
  ex: Executor,
  banks: BanksRepository,
  input: { bank: string; after: string; limit: number },
): Promise<ExportPage> {
  const bank = await banks.bankByName(ex, input.bank);
  if (!bank) throw new AppError('not_found', 'no such bank');
  const page = await banks.exportPage(ex, bank.id, input.after, input.limit);
  return {
    bank: bank.name,
    entries: page.map(({ entry, hashes }) => ({
      entry: entry.id,
      sourceKind: entry.source_kind,
      createdAt: entry.created_at,
      withdrawnAt: entry.withdrawn_at,
      hashes: hashes.map((h) => ({
        kind: h.kind,
        value: h.value,
        variant: h.variant,
        ...(h.pipeline === null ? {} : { pipeline: h.pipeline }),
      })),
    })),
    next: page.length === input.limit ? page[page.length - 1].entry.id : null,
  };
}
