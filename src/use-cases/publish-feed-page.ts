/**
 * One page of a bank's signed federation feed: the bank's entry log after a cursor (entries added
 * and withdrawn, in the order they happened here), each entry with its current state and hashes,
 * and where it came from in words (`origin`: StopNCII.org, a removal request, ...). Nothing that
 * could point at a person leaves: no request or item ids, no labels, no media. The page carries its
 * cursor and the next one and is signed with the instance's federation key.
 */
import { AppError } from '../domain/errors.ts';
import { describeSource } from '../domain/provenance.ts';
import type { Executor } from '../db/database.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';
import type { NetworksRepository } from '../db/repositories/networks-repository.ts';
import type { SigningKey } from '../security/derived-keys.ts';
import { signPage } from '../security/signed-feed.ts';

/** A log number missing for less than this may still be committing (PostgreSQL): wait for it. */
const GAP_GRACE_MS = 60_000;

export interface FeedEntry {
  entry: string;
  withdrawn: boolean;
  origin: string;
  hashes: Array<{ kind: string; value: string; variant: string; pipeline?: number }>;
}

export async function publishFeedPage(
  ex: Executor,
  deps: { banks: BanksRepository; networks: NetworksRepository; now: Date },
  input: {
    bank: string;
    published: readonly string[];
    after: number;
    limit: number;
    signer: SigningKey;
    publisher: string;
  },
) {
  const bank = input.published.includes(input.bank) ? await deps.banks.bankByName(ex, input.bank) : undefined;
  if (!bank) throw new AppError('not_found', 'no published bank of that name');
  const log = await deps.networks.entryLog(ex, bank.id, input.after, input.limit, deps.now, GAP_GRACE_MS);
  const latest = new Map<string, FeedEntry>();
  for (const { entryId } of log) {
    if (latest.has(entryId)) continue; // its current state is listed once, at its first mention
    const entry = await deps.banks.entry(ex, entryId);
    if (!entry) continue;
    const hashes = await deps.banks.hashesOf(ex, entryId);
    latest.set(entryId, {
      entry: entryId,
      withdrawn: entry.withdrawn_at !== null,
      origin: describeSource({
        kind: entry.source_kind,
        ref: entry.source_ref,
        label: entry.source_kind === 'import' ? entry.label : null,
      }),
      hashes: hashes.map((h) => ({
        kind: h.kind,
        value: h.value,
        variant: h.variant,
        ...(h.pipeline === null ? {} : { pipeline: h.pipeline }),
      })),
    });
  }
  const next = log.length > 0 ? log[log.length - 1].seq : input.after;
  return signPage(
    {
      publisher: input.publisher,
      bank: bank.name,
      after: String(input.after),
      next: String(next),
      hasMore: log.length === input.limit,
      signedAt: deps.now.toISOString(),
      entries: [...latest.values()],
    },
    input.signer,
  );
}
