/**
 * Follows another Redress's signed feed into a bank of this instance (`fed-NAME`): pages after the
 * saved cursor, each verified against the publisher keys the subscription accepts before anything
 * from it is used. A page that is unsigned, signed by an unlisted key, altered, or not the page
 * asked for is refused: nothing from it is applied, the refusal is audited and counted on the
 * feed, and the fetch stops there. Verified pages are synced like a partner list (entries named
 * `NAME#ENTRY`, withdrawals followed, the publisher's origin kept as each entry's label) and the
 * cursor saved after each. The subscription's trust policy sets the bank's action and threshold.
 */
import { AppError } from '../domain/errors.ts';
import { HEX_DIGITS } from '../domain/hash-list.ts';
import type { HashKind, ListedEntry } from '../domain/hash-list.ts';
import type { Clock } from '../domain/clock.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { NetworksRepository, SubscriptionRow } from '../db/repositories/networks-repository.ts';
import { PartnerError } from '../platform/stopncii-client.ts';
import { pageRefusal } from '../security/signed-feed.ts';
import type { BankEntryDeps } from './add-bank-entry.ts';
import { ensureBank } from './add-bank-entry.ts';
import { importBankList } from './import-bank-list.ts';

export const feedName = (subscription: string) => `federation:${subscription}`;
export const federationBank = (subscription: string) => `fed-${subscription}`;

export interface FeedFetcher {
  /** GETs the feed page after `after`; the parsed JSON body. */
  page(url: string, after: string, token: string | null): Promise<unknown>;
}

export async function fetchFederationFeed(
  deps: {
    bank: BankEntryDeps;
    networks: NetworksRepository;
    audit: AuditRepository;
    clock: Clock;
    fetcher: FeedFetcher;
    openToken: (sealed: string) => string;
  },
  subscription: SubscriptionRow,
): Promise<{ pages: number; added: number; withdrawn: number }> {
  const { transact } = deps.bank;
  const name = feedName(subscription.name);
  const bankName = federationBank(subscription.name);
  await transact(async (trx) => {
    const bank = await ensureBank(trx, deps.bank.banks, bankName, deps.clock.now(), 'network');
    await deps.bank.banks.updateBank(trx, bank.id, {
      on_match: subscription.on_match,
      match_threshold: subscription.threshold,
    });
    await deps.networks.ensureFeed(trx, name);
  });
  const keys = JSON.parse(subscription.keys) as Array<{ keyId: string; publicKey: string }>;
  const token = subscription.token_sealed ? deps.openToken(subscription.token_sealed) : null;
  const saved = (await transact((trx) => deps.networks.feed(trx, name)))?.checkpoint;
  let after = saved ? (JSON.parse(saved) as { after: string }).after : '0';
  const result = { pages: 0, added: 0, withdrawn: 0 };
  for (;;) {
    const page = await deps.fetcher.page(subscription.url, after, token);
    const refusal = pageRefusal(page, keys) ?? wrongPage(page, after);
    if (refusal) {
      const now = deps.clock.now();
      await transact(async (trx) => {
        await deps.networks.recordError(trx, name, `page refused: ${refusal}`, now, true);
        await deps.audit.append(trx, {
          requestId: null,
          actor: `network:${name}`,
          occurredAt: now,
          event: {
            type: 'network.page_refused',
            version: 1,
            data: { feed: name, cursor: after, reason: refusal },
          },
        });
      });
      throw new PageRefused(`${name}: page after ${after} refused: ${refusal}`);
    }
    const body = page as { next: string; hasMore: boolean; entries: unknown[] };
    const applied = await importBankList(deps.bank, {
      bank: bankName,
      source: subscription.name,
      entries: body.entries.map(listed),
      actor: `network:${name}`,
    });
    result.pages++;
    result.added += applied.added;
    result.withdrawn += applied.withdrawn;
    after = body.next;
    const cursor = after;
    await transact((trx) => deps.networks.saveCheckpoint(trx, name, { after: cursor }));
    if (!body.hasMore) return result;
  }
}

/** A refused page; already recorded and audited when thrown. */
export class PageRefused extends PartnerError {
  constructor(message: string) {
    super(message, false);
  }
}

/** A signed page must still be the page asked for, and well formed. */
function wrongPage(page: unknown, after: string): string | null {
  const p = page as { after?: unknown; next?: unknown; hasMore?: unknown; entries?: unknown };
  if (p.after !== after) return `the page is for cursor ${String(p.after)}, not ${after} (a replayed page)`;
  if (typeof p.next !== 'string' || typeof p.hasMore !== 'boolean' || !Array.isArray(p.entries))
    return 'the page lacks next, hasMore or entries';
  try {
    p.entries.forEach(listed);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

function listed(raw: unknown): ListedEntry {
  const e = raw as { entry?: unknown; withdrawn?: unknown; origin?: unknown; hashes?: unknown };
  if (typeof e?.entry !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(e.entry))
    throw new AppError('invalid_input', 'a feed entry without a proper id');
  const hashes = (Array.isArray(e.hashes) ? e.hashes : []).map((h: Record<string, unknown>) => {
    const kind = h?.kind as HashKind;
    const value = String(h?.value ?? '');
    if (!(kind in HEX_DIGITS) || value.length !== HEX_DIGITS[kind] || !/^[0-9a-f]+$/.test(value))
      throw new AppError('invalid_input', `feed entry ${e.entry}: a malformed hash`);
    const pipeline = h.pipeline === undefined ? undefined : Number(h.pipeline);
    return {
      kind,
      value,
      variant: String(h.variant ?? 'original').slice(0, 40),
      quality: null,
      ...(pipeline === undefined ? {} : { pipeline }),
    };
  });
  return {
    ref: e.entry,
    withdrawn: e.withdrawn === true,
    hashes,
    label: typeof e.origin === 'string' ? e.origin.slice(0, 200) : undefined,
  };
}
