/**
 * Adds one bank entry (an image or a set of hashes) with its provenance (G4): which request and
 * item, which import, or which operator at the command line, and who added it. The entry, its
 * hashes, the index change log and the `bank.entry_added` audit event are written in one
 * transaction; the bank is created with the default policy when it does not exist yet.
 */
import { MATCH_PIPELINE_VERSION, MATCH_POLICY, isPlainVariant } from '@redress/match';
import { BANK_NAME_RULE, isBankName } from '../domain/bank-name.ts';
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type {
  BankEntryRow,
  BankRow,
  BanksRepository,
  NewBankHash,
} from '../db/repositories/banks-repository.ts';
import { randomId } from '../security/tokens.ts';

export interface BankEntryDeps {
  transact: Transact;
  banks: BanksRepository;
  audit: AuditRepository;
  clock: Clock;
  /** Called after commit so this process's index sees the entry at once. */
  afterChange?: () => Promise<void>;
}

export interface Provenance {
  kind: 'request' | 'import' | 'cli' | 'api';
  requestId?: string | null;
  itemId?: string | null;
  ref?: string | null;
}

/** The named bank, created as a block bank with PDQ's standard threshold if missing. */
export async function ensureBank(
  ex: Executor,
  banks: BanksRepository,
  name: string,
  now: Date,
  kind = 'block',
): Promise<BankRow> {
  const existing = await banks.bankByName(ex, name);
  if (existing) return existing;
  if (!isBankName(name)) throw new AppError('invalid_input', BANK_NAME_RULE);
  const row: BankRow = {
    id: randomId(),
    name,
    kind,
    match_threshold: MATCH_POLICY.plainBlock,
    on_match: kind === 'import' ? 'review' : 'block',
    enabled: 1,
    created_at: now.toISOString(),
  };
  await banks.insertBank(ex, row);
  return row;
}

export async function addBankEntryIn(
  ex: Executor,
  deps: Omit<BankEntryDeps, 'transact'>,
  input: {
    bank: string;
    provenance: Provenance;
    addedBy: string;
    label?: string | null;
    hashes: NewBankHash[];
  },
): Promise<{ entryId: string }> {
  const now = deps.clock.now();
  const bank = await ensureBank(ex, deps.banks, input.bank, now);
  const entry = newEntry(bank.id, input.provenance, input.addedBy, input.label ?? null, now);
  await deps.banks.insertEntries(ex, [{ entry, hashes: input.hashes.map(withPipeline) }], now);
  await deps.audit.append(ex, {
    requestId: input.provenance.requestId ?? null,
    actor: input.addedBy,
    occurredAt: now,
    event: {
      type: 'bank.entry_added',
      version: 1,
      data: {
        bank: bank.name,
        entryId: entry.id,
        sourceKind: input.provenance.kind,
        sourceItemId: input.provenance.itemId ?? null,
        hashCount: input.hashes.length,
      },
    },
  });
  return { entryId: entry.id };
}

/** A live entry's row, with its provenance. */
export function newEntry(
  bankId: string,
  provenance: Provenance,
  addedBy: string,
  label: string | null,
  now: Date,
): BankEntryRow {
  return {
    id: randomId(),
    bank_id: bankId,
    source_kind: provenance.kind,
    source_request_id: provenance.requestId ?? null,
    source_item_id: provenance.itemId ?? null,
    source_ref: provenance.ref ?? null,
    added_by: addedBy,
    label,
    created_at: now.toISOString(),
    withdrawn_at: null,
    withdrawn_by: null,
    withdrawn_reason: null,
  };
}

/**
 * A derived PDQ hash keeps the version of the pipeline that made it (this one's, unless an import
 * says otherwise): the index searches only those of the current version. Other hashes carry none.
 */
export function withPipeline(h: NewBankHash): NewBankHash {
  const derived = h.kind === 'pdq' && !isPlainVariant(h.variant);
  return { ...h, pipeline: derived ? (h.pipeline ?? MATCH_PIPELINE_VERSION) : null };
}

export async function addBankEntry(
  deps: BankEntryDeps,
  input: Parameters<typeof addBankEntryIn>[2],
): Promise<{ entryId: string }> {
  const result = await deps.transact((trx) => addBankEntryIn(trx, deps, input));
  await deps.afterChange?.();
  return result;
}
