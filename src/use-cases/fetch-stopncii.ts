/**
 * One fetch of StopNCII's hash records into the `stopncii` bank: page after page from the saved
 * checkpoint (the set's start time and the page token), each page applied as a partner-list sync
 * (new hashes added, Withdrawn or Deleted ones withdrawn at once, everywhere the index lives) and
 * the checkpoint saved after it. A fetch cut off halfway resumes from the last saved page; a page
 * applied twice (a crash between applying and saving) changes nothing the second time, since the
 * sync is keyed by the record's name. The bank blocks on a match, as StopNCII's hashes are made by
 * the person shown.
 */
import { HEX_DIGITS } from '../domain/hash-list.ts';
import type { ListedEntry } from '../domain/hash-list.ts';
import { STOPNCII_SOURCE } from '../domain/network-feedback.ts';
import type { NetworksRepository } from '../db/repositories/networks-repository.ts';
import type { StopNCIIClient, StopNCIIRecord } from '../platform/stopncii-client.ts';
import { PartnerError } from '../platform/stopncii-client.ts';
import type { BankEntryDeps } from './add-bank-entry.ts';
import { ensureBank } from './add-bank-entry.ts';
import { importBankList } from './import-bank-list.ts';

export const STOPNCII_BANK = 'stopncii';
const GONE = new Set(['Withdrawn', 'Deleted']);
const KINDS: Record<string, 'pdq' | 'md5'> = { ImagePDQ: 'pdq', VideoMD5: 'md5' };

interface Checkpoint {
  startTimestamp: number;
  nextPageToken: string;
}

export interface FetchStopNCIIResult {
  pages: number;
  added: number;
  withdrawn: number;
  /** Records of kinds Redress does not match (TMK, text, URL) or with malformed values. */
  skipped: number;
}

export async function fetchStopNCII(deps: {
  bank: BankEntryDeps;
  networks: NetworksRepository;
  client: StopNCIIClient;
}): Promise<FetchStopNCIIResult> {
  const { transact, clock } = deps.bank;
  await transact(async (trx) => {
    await ensureBank(trx, deps.bank.banks, STOPNCII_BANK, clock.now(), 'network');
    await deps.networks.ensureFeed(trx, STOPNCII_SOURCE);
  });
  const saved = (await transact((trx) => deps.networks.feed(trx, STOPNCII_SOURCE)))?.checkpoint;
  let at: Checkpoint = saved ? (JSON.parse(saved) as Checkpoint) : { startTimestamp: 0, nextPageToken: '' };
  const result: FetchStopNCIIResult = { pages: 0, added: 0, withdrawn: 0, skipped: 0 };
  for (let tokenRetried = false; ;) {
    let page;
    try {
      page = await deps.client.fetchPage(at.startTimestamp, at.nextPageToken);
    } catch (error) {
      // Page tokens expire: start the set again from its start time (re-applying is harmless).
      if (error instanceof PartnerError && error.permanent && at.nextPageToken && !tokenRetried) {
        at = { ...at, nextPageToken: '' };
        tokenRetried = true;
        continue;
      }
      throw error;
    }
    const entries: ListedEntry[] = [];
    for (const record of page.hashRecords) {
      const entry = listed(record);
      if (entry) entries.push(entry);
      else result.skipped++;
    }
    const applied = await importBankList(deps.bank, {
      bank: STOPNCII_BANK,
      source: STOPNCII_SOURCE,
      entries,
      actor: `network:${STOPNCII_SOURCE}`,
    });
    result.pages++;
    result.added += applied.added;
    result.withdrawn += applied.withdrawn;
    at = page.hasMoreRecords
      ? { startTimestamp: at.startTimestamp, nextPageToken: page.nextPageToken ?? '' }
      : { startTimestamp: page.nextSetTimestamp, nextPageToken: '' };
    const checkpoint = at;
    await transact((trx) => deps.networks.saveCheckpoint(trx, STOPNCII_SOURCE, checkpoint));
    if (!page.hasMoreRecords) return result;
  }
}

/** A record as a list entry named `SIGNALTYPE:HASH`, or null for what Redress cannot match. */
function listed(record: StopNCIIRecord): ListedEntry | null {
  const kind = KINDS[record.signalType];
  const value = String(record.hashValue ?? '').toLowerCase();
  if (!kind || value.length !== HEX_DIGITS[kind] || !/^[0-9a-f]+$/.test(value)) return null;
  return {
    ref: `${record.signalType}:${value}`,
    withdrawn: GONE.has(record.hashStatus),
    hashes: [{ kind, value, variant: kind === 'pdq' ? 'original' : 'file', quality: null }],
  };
}
