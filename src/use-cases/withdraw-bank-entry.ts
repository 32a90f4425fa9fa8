/**
 * Withdraws a bank entry (a successful appeal, a poisoned import, an operator's correction: E4,
 * G4). Its hashes stop matching everywhere: the change log carries the withdrawal to every
 * process's index, and checks confirm each candidate against the database meanwhile.
 */
import { AppError } from '../domain/errors.ts';
import type { BankEntryDeps } from './add-bank-entry.ts';

export async function withdrawBankEntry(
  deps: BankEntryDeps,
  input: { entryId: string; reason: string; actor: string },
): Promise<void> {
  await deps.transact(async (trx) => {
    const entry = await deps.banks.entry(trx, input.entryId);
    if (!entry) throw new AppError('not_found', 'no such bank entry');
    if (entry.withdrawn_at) return; // already withdrawn: nothing more to do
    const now = deps.clock.now();
    await deps.banks.withdrawEntry(trx, entry.id, input.actor, input.reason, now);
    const bank = (await deps.banks.listBanks(trx)).find((b) => b.id === entry.bank_id);
    await deps.audit.append(trx, {
      requestId: entry.source_request_id,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'bank.entry_withdrawn',
        version: 1,
        data: { bank: bank?.name ?? entry.bank_id, entryId: entry.id, reason: input.reason },
      },
    });
  });
  await deps.afterChange?.();
}
