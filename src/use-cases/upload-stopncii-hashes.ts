/**
 * Optional upload of hashes sourced here (REDRESS_STOPNCII_UPLOAD_BANK, e.g. the takedown bank) to
 * StopNCII as this partner's own: entries added to the bank since the last upload, in the bank's
 * entry-log order, that were not themselves fetched from a network. An image entry gives its plain
 * PDQ (`ImagePDQ`), a video entry (one with vPDQ frames) its MD5 (`VideoMD5`), as StopNCII matches
 * them. The log position is saved after each accepted batch, so nothing is sent twice and an
 * upload cut off resumes. Nothing about the request or the person leaves: hashes only.
 */
import type { Transact } from '../db/database.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';
import type { NetworksRepository } from '../db/repositories/networks-repository.ts';
import type { StopNCIIClient } from '../platform/stopncii-client.ts';

export const UPLOAD_FEED = 'stopncii-upload';
const BATCH = 100;

export async function uploadStopNCIIHashes(deps: {
  transact: Transact;
  banks: BanksRepository;
  networks: NetworksRepository;
  client: StopNCIIClient;
  now: () => Date;
  bank: string;
}): Promise<{ uploaded: number }> {
  const { transact } = deps;
  const bank = await transact((trx) => deps.banks.bankByName(trx, deps.bank));
  if (!bank) return { uploaded: 0 };
  await transact((trx) => deps.networks.ensureFeed(trx, UPLOAD_FEED));
  const saved = (await transact((trx) => deps.networks.feed(trx, UPLOAD_FEED)))?.checkpoint;
  let after = saved ? (JSON.parse(saved) as { after: number }).after : 0;
  let uploaded = 0;
  for (;;) {
    const log = await transact((trx) =>
      deps.networks.entryLog(trx, bank.id, after, BATCH, deps.now(), 60_000),
    );
    if (log.length === 0) return { uploaded };
    const records: Array<{ signalType: string; hashValue: string }> = [];
    for (const { entryId } of log) {
      const entry = await transact((trx) => deps.banks.entry(trx, entryId));
      if (!entry || entry.withdrawn_at !== null || entry.source_kind === 'import') continue;
      const hashes = await transact((trx) => deps.banks.hashesOf(trx, entryId));
      const video = hashes.some((h) => h.kind === 'vpdq');
      const pdq = hashes.find((h) => h.kind === 'pdq' && h.variant === 'original');
      const md5 = hashes.find((h) => h.kind === 'md5');
      if (video && md5) records.push({ signalType: 'VideoMD5', hashValue: md5.value });
      else if (pdq) records.push({ signalType: 'ImagePDQ', hashValue: pdq.value });
    }
    const unique = [...new Map(records.map((r) => [`${r.signalType}:${r.hashValue}`, r])).values()];
    if (unique.length > 0) await deps.client.submitHashes(unique, deps.now());
    uploaded += unique.length;
    after = log[log.length - 1].seq;
    const cursor = after;
    await transact((trx) => deps.networks.saveCheckpoint(trx, UPLOAD_FEED, { after: cursor }));
  }
}
