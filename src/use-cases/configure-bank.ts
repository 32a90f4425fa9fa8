/**
 * Creates a bank or changes its policy: match threshold (plain PDQ, at most the index's search
 * radius), what a perceptual match does (`block`, or `review` for lists that need a person first,
 * G4) and whether it is enabled. Enabling and disabling takes effect at the next check: checks
 * confirm every candidate against the database.
 */
import { searchRadius } from '@redress/match';
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { BankRow, BanksRepository } from '../db/repositories/banks-repository.ts';
import { ensureBank } from './add-bank-entry.ts';

export interface BankSettings {
  name: string;
  kind?: string;
  matchThreshold?: number;
  onMatch?: 'block' | 'review';
  enabled?: boolean;
}

export async function configureBank(
  deps: { transact: Transact; banks: BanksRepository; clock: Clock; afterChange?: () => Promise<void> },
  input: BankSettings,
): Promise<BankRow> {
  if (
    input.matchThreshold !== undefined &&
    (input.matchThreshold < 0 || input.matchThreshold > searchRadius())
  ) {
    throw new AppError('invalid_input', `matchThreshold must be 0..${searchRadius()}`);
  }
  const row = await deps.transact(async (trx) => {
    const bank = await ensureBank(trx, deps.banks, input.name, deps.clock.now(), input.kind ?? 'block');
    const patch = {
      ...(input.matchThreshold !== undefined ? { match_threshold: input.matchThreshold } : {}),
      ...(input.onMatch ? { on_match: input.onMatch } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
    };
    if (Object.keys(patch).length > 0) await deps.banks.updateBank(trx, bank.id, patch);
    return { ...bank, ...patch };
  });
  await deps.afterChange?.(); // this process's index learns a new loosest threshold at once
  return row;
}
