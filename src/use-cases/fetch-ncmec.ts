/**
 * One fetch of NCMEC's hash-sharing entries into the `ncmec` bank: the window from the last
 * complete fetch's end to now, page after page, each page synced like a partner list (entries
 * named `MEMBER:ID`; a deleted entry's tombstone withdraws it here at once) and the window with
 * its next link saved after it. NCMEC's pages are not in time order, so the window only moves on
 * once its last page is in; a fetch cut off resumes with the same window and link, and a page
 * applied twice changes nothing. PDQ and MD5 fingerprints are kept; others (SHA-1, PhotoDNA, TMK)
 * are not matched by Redress.
 */
import { HEX_DIGITS } from '../domain/hash-list.ts';
import type { ListedEntry, ListedHash } from '../domain/hash-list.ts';
import type { NetworksRepository } from '../db/repositories/networks-repository.ts';
import type { NcmecClient, NcmecUpdate } from '../platform/ncmec-client.ts';
import type { BankEntryDeps } from './add-bank-entry.ts';
import { ensureBank } from './add-bank-entry.ts';
import { importBankList } from './import-bank-list.ts';

export const NCMEC_BANK = 'ncmec';
export const NCMEC_SOURCE = 'ncmec';

interface Checkpoint {
  /** Start of the window (Unix seconds). */
  from: number;
  /** End of the window being fetched; null once it was fetched whole. */
  to: number | null;
  next: string;
}

export async function fetchNcmec(deps: {
  bank: BankEntryDeps;
  networks: NetworksRepository;
  client: NcmecClient;
}): Promise<{ pages: number; added: number; withdrawn: number; skipped: number }> {
  const { transact, clock } = deps.bank;
  await transact(async (trx) => {
    await ensureBank(trx, deps.bank.banks, NCMEC_BANK, clock.now(), 'network');
    await deps.networks.ensureFeed(trx, NCMEC_SOURCE);
  });
  const saved = (await transact((trx) => deps.networks.feed(trx, NCMEC_SOURCE)))?.checkpoint;
  const at: Checkpoint = saved ? (JSON.parse(saved) as Checkpoint) : { from: 0, to: null, next: '' };
  const window = { from: at.from, to: at.to ?? Math.floor(clock.now().getTime() / 1000), next: at.next };
  const result = { pages: 0, added: 0, withdrawn: 0, skipped: 0 };
  for (;;) {
    const page = await deps.client.entries(window);
    const entries: ListedEntry[] = [];
    for (const u of page.updates) {
      const entry = listed(u);
      if (entry) entries.push(entry);
      else result.skipped++;
    }
    const applied = await importBankList(deps.bank, {
      bank: NCMEC_BANK,
      source: NCMEC_SOURCE,
      entries,
      actor: `network:${NCMEC_SOURCE}`,
    });
    result.pages++;
    result.added += applied.added;
    result.withdrawn += applied.withdrawn;
    window.next = page.next;
    // The window's end is inclusive and the next one starts there: an entry stamped on the edge
    // is seen twice, which the sync makes harmless, rather than never.
    const checkpoint: Checkpoint = page.next
      ? { from: window.from, to: window.to, next: page.next }
      : { from: window.to, to: null, next: '' };
    await transact((trx) => deps.networks.saveCheckpoint(trx, NCMEC_SOURCE, checkpoint));
    if (!page.next) return result;
  }
}

function listed(u: NcmecUpdate): ListedEntry | null {
  const ref = `${u.memberId}:${u.id}`;
  if (u.deleted) return { ref, withdrawn: true, hashes: [] };
  const hashes: ListedHash[] = [];
  const pdq = u.fingerprints.pdq?.toLowerCase();
  const md5 = u.fingerprints.md5?.toLowerCase();
  if (pdq && pdq.length === HEX_DIGITS.pdq && /^[0-9a-f]+$/.test(pdq))
    hashes.push({ kind: 'pdq', value: pdq, variant: 'original', quality: null });
  if (md5 && md5.length === HEX_DIGITS.md5 && /^[0-9a-f]+$/.test(md5))
    hashes.push({ kind: 'md5', value: md5, variant: 'file', quality: null });
  return hashes.length > 0 ? { ref, withdrawn: false, hashes } : null;
}
