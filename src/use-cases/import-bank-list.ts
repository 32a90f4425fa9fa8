/**
 * Brings a partner's hash list into a bank and keeps it in step (E4, G4). Every entry is named
 * `source#ref` (the partner's entry id, or the hash of a plain list), so running the same or a
 * newer list again is a sync: new entries are added, entries the partner withdrew are withdrawn
 * here too, and what is already in is left alone. An entry withdrawn here (an appeal upheld on
 * this platform) stays withdrawn whatever the list says. With `complete`, the list is the source's
 * whole list, and entries of the source missing from it are withdrawn (how a plain list, which
 * cannot mark withdrawals, carries them).
 *
 * A new bank is an import bank: perceptual matches go to review (G4). The work is done in
 * transactions of a few hundred entries, each with a `bank.list_imported` audit event, so a large
 * list never holds the database for long; after a crash, running it again finishes the job. Two
 * imports of one source at once may both add an entry: the twins match alike and are withdrawn
 * together.
 */
import { AppError } from '../domain/errors.ts';
import type { ListedEntry } from '../domain/hash-list.ts';
import type { BankEntryRow, NewBankHash } from '../db/repositories/banks-repository.ts';
import { importRef } from '../db/repositories/banks-repository.ts';
import type { BankEntryDeps } from './add-bank-entry.ts';
import { ensureBank, newEntry, withPipeline } from './add-bank-entry.ts';

const BATCH_ENTRIES = 500;
const BATCH_HASHES = 4000;
/** A list's source name: it prefixes every entry's `source_ref`. */
export const IMPORT_SOURCE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$';
const SOURCE = new RegExp(IMPORT_SOURCE_PATTERN);

export interface ImportListInput {
  bank: string;
  /** Who the list comes from, e.g. `partner-forum` (letters, digits, `.`, `_`, `-`). */
  source: string;
  entries: readonly ListedEntry[];
  complete?: boolean;
  actor: string;
  /** SHA-256 of the list as received, kept in the audit events. */
  digest?: string;
  /** Called after each committed batch with the number of list entries done. */
  onProgress?: (done: number) => void;
}

export interface ImportListResult {
  added: number;
  withdrawn: number;
  unchanged: number;
  /** Entries withdrawn on this platform that the list still has live. */
  keptWithdrawn: number;
  hashes: number;
}

export async function importBankList(deps: BankEntryDeps, input: ImportListInput): Promise<ImportListResult> {
  if (!SOURCE.test(input.source)) {
    throw new AppError('invalid_input', 'a source is 1-80 letters, digits, ".", "_" or "-"');
  }
  const bank = await deps.transact((trx) =>
    ensureBank(trx, deps.banks, input.bank, deps.clock.now(), 'import'),
  );
  // A complete list must see every entry of its source; otherwise only the ones it names matter.
  const named = input.complete ? undefined : input.entries.map((e) => e.ref);
  const known = await deps.transact((trx) => deps.banks.importedEntries(trx, bank.id, input.source, named));
  const result: ImportListResult = { added: 0, withdrawn: 0, unchanged: 0, keptWithdrawn: 0, hashes: 0 };
  const reason = `withdrawn from ${input.source}'s list`;
  let adds: Array<{ entry: BankEntryRow; hashes: NewBankHash[] }> = [];
  let withdrawals: string[][] = [];
  let pendingHashes = 0;

  /** Writes what is pending in one transaction; `done` list entries are then dealt with. */
  const flush = async (done: number) => {
    if (adds.length + withdrawals.length > 0) {
      const [added, withdrawn] = [adds, withdrawals];
      [adds, withdrawals, pendingHashes] = [[], [], 0];
      await deps.transact(async (trx) => {
        const now = deps.clock.now();
        await deps.banks.insertEntries(trx, added, now);
        for (const id of withdrawn.flat()) await deps.banks.withdrawEntry(trx, id, input.actor, reason, now);
        await deps.audit.append(trx, {
          requestId: null,
          actor: input.actor,
          occurredAt: now,
          event: {
            type: 'bank.list_imported',
            version: 1,
            data: {
              bank: bank.name,
              source: input.source,
              digest: input.digest ?? null,
              added: added.map((a) => a.entry.id),
              withdrawn: withdrawn.flat(),
            },
          },
        });
      });
      result.added += added.length;
      result.withdrawn += withdrawn.length;
      result.hashes += added.reduce((n, a) => n + a.hashes.length, 0);
    }
    input.onProgress?.(done);
  };

  const listed = new Set<string>();
  for (const [i, item] of input.entries.entries()) {
    listed.add(item.ref);
    const live = known.get(item.ref);
    const step = stepFor(item, live);
    if (step === 'add') {
      const provenance = { kind: 'import' as const, ref: importRef(input.source, item.ref) };
      const entry = newEntry(bank.id, provenance, input.actor, item.label ?? null, deps.clock.now());
      adds.push({ entry, hashes: item.hashes.map(withPipeline) });
      pendingHashes += item.hashes.length;
    } else if (step === 'withdraw') {
      withdrawals.push(live!);
    } else {
      result[step]++;
    }
    if (adds.length + withdrawals.length >= BATCH_ENTRIES || pendingHashes >= BATCH_HASHES)
      await flush(i + 1);
  }
  if (input.complete) {
    for (const [ref, live] of known) {
      if (listed.has(ref) || live.length === 0) continue;
      withdrawals.push(live);
      if (withdrawals.length >= BATCH_ENTRIES) await flush(input.entries.length);
    }
  }
  await flush(input.entries.length);
  await deps.afterChange?.();
  return result;
}

/**
 * What a listed entry asks of the bank, given the live ids of the entry of the same name here
 * (undefined: never imported; empty: withdrawn here, which stands whatever the list says).
 */
function stepFor(
  item: ListedEntry,
  live: string[] | undefined,
): 'add' | 'withdraw' | 'unchanged' | 'keptWithdrawn' {
  if (live === undefined) return item.withdrawn ? 'unchanged' : 'add'; // withdrawn before it got here
  if (live.length === 0) return item.withdrawn ? 'unchanged' : 'keptWithdrawn';
  return item.withdrawn ? 'withdraw' : 'unchanged';
}
