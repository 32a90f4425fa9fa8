/**
 * Keeps a hash network informed of what its hashes did here (StopNCII's CSP feedback): an upload
 * blocked by a network's hash, or sent to review, is recorded as a network match, and when the
 * network's word on the hash changes (domain/network-feedback.ts) one `network.feedback` job is
 * queued in the same transaction, retried until the network accepts it. People decide matches in
 * review with `decideNetworkMatch`, which moves the word on again.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { networkHashKey, nextFeedback } from '../domain/network-feedback.ts';
import type { MatchEvent, NetworkFeedback } from '../domain/network-feedback.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { NetworksRepository } from '../db/repositories/networks-repository.ts';
import type { PoisoningRepository } from '../db/repositories/poisoning-repository.ts';
import { randomId } from '../security/tokens.ts';

export interface NetworkMatchDeps {
  transact: Transact;
  banks: BanksRepository;
  networks: NetworksRepository;
  jobs: JobsRepository;
  audit: AuditRepository;
  clock: Clock;
  poisoning: PoisoningRepository;
  /** Dismissed matches after which a network's bank drops to review-only. */
  reviewOnlyAfter: number;
}

/** Feedback is retried for about a day (30 s doubling, then hourly) before a person must look. */
export const FEEDBACK_ATTEMPTS = 30;

export async function recordNetworkMatches(
  deps: NetworkMatchDeps,
  input: {
    matches: ReadonlyArray<{ entry: string; verdict: 'block' | 'review' }>;
    platformItemId: string | null;
  },
): Promise<void> {
  if (input.matches.length === 0) return;
  await deps.transact(async (trx) => {
    const now = deps.clock.now();
    for (const m of input.matches) {
      const entry = await deps.banks.entry(trx, m.entry);
      const source = entry?.source_kind === 'import' ? networkHashKey(entry.source_ref) : null;
      if (!entry || !source) continue;
      const status = m.verdict === 'block' ? 'blocked' : 'review';
      await deps.networks.insertMatch(trx, {
        id: randomId(),
        network: source.network,
        hash_key: source.hashKey,
        entry_id: entry.id,
        platform_item_id: input.platformItemId,
        status,
        created_at: now.toISOString(),
        decided_at: null,
        decided_by: null,
      });
      await moveFeedback(trx, deps, source.network, source.hashKey, status, now);
    }
  });
}

export async function decideNetworkMatch(
  deps: NetworkMatchDeps,
  input: { matchId: string; outcome: 'confirm' | 'dismiss'; actor: string },
): Promise<{ status: string }> {
  return deps.transact(async (trx) => {
    const match = await deps.networks.match(trx, input.matchId);
    if (!match) throw new AppError('not_found', 'no such network match');
    if (match.status !== 'review') throw new AppError('conflict', `match already ${match.status}`);
    const now = deps.clock.now();
    const status = input.outcome === 'confirm' ? 'confirmed' : 'dismissed';
    await deps.networks.decideMatch(trx, match.id, status, input.actor, now);
    await deps.audit.append(trx, {
      requestId: null,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'network.match_reviewed',
        version: 1,
        data: { network: match.network, matchId: match.id, entryId: match.entry_id, outcome: status },
      },
    });
    await moveFeedback(trx, deps, match.network, match.hash_key, status, now);
    if (status === 'dismissed') await dropToReviewOnly(trx, deps, match.network, now);
    return { status };
  });
}

/**
 * A network whose matches people keep dismissing is poisoning this platform's checks: after
 * `reviewOnlyAfter` dismissals its bank sends matches to review instead of blocking, the source is
 * flagged, and it is audited. An operator can set the bank back to block on its page.
 */
async function dropToReviewOnly(
  trx: Executor,
  deps: NetworkMatchDeps,
  network: string,
  now: Date,
): Promise<void> {
  const dismissed = await deps.poisoning.dismissedMatches(trx, network);
  if (dismissed < deps.reviewOnlyAfter || (await deps.poisoning.sourceFlag(trx, network))?.review_only)
    return;
  const bank = await deps.banks.bankByName(trx, network);
  if (!bank || bank.on_match === 'review') return;
  await deps.banks.updateBank(trx, bank.id, { on_match: 'review' });
  await deps.poisoning.flagSource(trx, {
    source: network,
    reason: `${dismissed} matches dismissed by moderators`,
    review_only: 1,
    flagged_at: now.toISOString(),
  });
  await deps.audit.append(trx, {
    requestId: null,
    actor: 'system:poisoning-guard',
    occurredAt: now,
    event: { type: 'network.source_review_only', version: 1, data: { network, bank: bank.name, dismissed } },
  });
}

async function moveFeedback(
  trx: Executor,
  deps: NetworkMatchDeps,
  network: string,
  hashKey: string,
  event: MatchEvent,
  now: Date,
): Promise<void> {
  const current = await deps.networks.feedback(trx, network, hashKey);
  const next = nextFeedback((current?.state as NetworkFeedback | undefined) ?? null, event);
  if (!next) return;
  const changes = (current?.changes ?? 0) + 1;
  await deps.networks.setFeedback(trx, {
    network,
    hash_key: hashKey,
    state: next,
    changes,
    updated_at: now.toISOString(),
  });
  await deps.jobs.enqueue(
    trx,
    {
      type: 'network.feedback',
      payload: { network, hashKey, state: next, changes },
      runAt: now,
      maxAttempts: FEEDBACK_ATTEMPTS,
      dedupeKey: `network.feedback:${network}:${hashKey}:${changes}`,
    },
    now,
  );
}
