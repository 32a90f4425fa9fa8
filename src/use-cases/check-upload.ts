/**
 * Stay-down at upload time (E3): an upload's hashes against every enabled bank. Exact hashes
 * (SHA-256, MD5) are looked up in SQL; PDQ hashes go through the in-memory index, and every
 * candidate is confirmed against the database (so a withdrawal counts even before the index has
 * heard of it) and judged by @redress/match's policy with the bank's own plain threshold. A bank
 * whose perceptual matches need a person (an imported list, G4) turns 'block' into 'review'.
 * A video upload brings its vPDQ frames instead, judged per banked video by match-video-frames.ts.
 * A blocked upload is recorded against the request its entry came from, with an audit event.
 */
import { MATCH_POLICY, explainMatch, judgePair, searchRadius } from '@redress/match';
import type { Clock } from '../domain/clock.ts';
import type { MatchKind } from '../domain/copy-events.ts';
import { ALLOW_BANK_KIND, guardedVerdict } from '../domain/poisoning.ts';
import { describeSource } from '../domain/provenance.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { BanksRepository, HashHit } from '../db/repositories/banks-repository.ts';
import type { CopiesRepository } from '../db/repositories/copies-repository.ts';
import type { BankIndex } from '../index-sync/bank-index.ts';
import type { NamedHash } from '../media/fingerprint.ts';
import type { VideoFrameHash } from '../media/video-fingerprint.ts';
import { randomId } from '../security/tokens.ts';
import type { CheckMatch, CheckVerdict } from './check-match.ts';
import { matchVideoFrames } from './match-video-frames.ts';

export type { CheckMatch, CheckVerdict } from './check-match.ts';

export interface CheckDeps {
  db: Executor;
  transact: Transact;
  banks: BanksRepository;
  copies: CopiesRepository;
  audit: AuditRepository;
  index: BankIndex;
  clock: Clock;
  /** Poisoning defence: quality floor for shared hashes, and the flood rule after blocks. */
  poisoning?: { qualityFloor: number; quarantine: (entryIds: readonly string[]) => Promise<unknown> };
  /** Told of a recorded check's matches (hash networks give their partners feedback). */
  afterMatches?: (matches: readonly CheckMatch[], input: CheckInput) => Promise<void>;
}

export interface CheckInput {
  queries: readonly NamedHash[];
  exact: { sha256?: string | null; md5?: string | null };
  /** A video upload's vPDQ frames (src/media/video-fingerprint.ts). */
  videoFrames?: readonly VideoFrameHash[];
  platformItemId?: string | null;
  uploaderId?: string | null;
  actor: string;
  /** Record a block against its request (false for dry runs such as `redress check`). */
  record: boolean;
}

const RANK = { block: 0, review: 1 } as const;

export async function checkUpload(
  deps: CheckDeps,
  input: CheckInput,
): Promise<{ verdict: CheckVerdict; matches: CheckMatch[]; suppressedBy?: string }> {
  await deps.index.ready();
  const best = new Map<string, CheckMatch>();
  const allowedBy: CheckMatch[] = [];
  const floor = deps.poisoning?.qualityFloor ?? 0;
  const guard = (verdict: 'block' | 'review', hit: HashHit, queryQuality: number | null) =>
    guardedVerdict(
      verdict,
      { quarantined: hit.quarantined, shared: hit.sourceKind === 'import', queryQuality },
      floor,
    );
  const consider = (m: CheckMatch, hit?: HashHit) => {
    if (hit?.bankKind === ALLOW_BANK_KIND) return void allowedBy.push(m);
    const prior = best.get(m.entry);
    if (
      !prior ||
      RANK[m.verdict] < RANK[prior.verdict] ||
      (m.verdict === prior.verdict && m.distance < prior.distance)
    ) {
      best.set(m.entry, m);
    }
  };
  const label = (hit: HashHit) => hit.label ?? `entry ${hit.entryId.slice(0, 8)}`;

  const exactPairs = (['sha256', 'md5'] as const)
    .filter((k) => input.exact[k])
    .map((k) => ({ kind: k, value: String(input.exact[k]).toLowerCase() }));
  for (const hit of await deps.banks.exactHits(deps.db, exactPairs)) {
    const verdict = guard('block', hit, null);
    consider(
      present(hit, hit.kind as MatchKind, null, 0, verdict, `the same file as ${label(hit)} (${hit.kind})`),
      hit,
    );
  }

  // Plain pairs are searched as far as the loosest bank's own threshold reaches (PDQ's 31 by default).
  const plainRadius = Math.max(MATCH_POLICY.plainBlock, deps.index.loosestThreshold);
  const candidates = deps.index.search(input.queries, plainRadius, searchRadius());
  if (candidates.length > 0) {
    const hits = new Map(
      (await deps.banks.hitsByIds(deps.db, [...new Set(candidates.map((c) => c.id))])).map((h) => [
        h.hashId,
        h,
      ]),
    );
    for (const c of candidates) {
      const hit = hits.get(c.id);
      if (!hit) continue; // withdrawn or disabled since the index learnt of it
      const q = input.queries[c.query];
      const policy = { ...MATCH_POLICY, plainBlock: hit.threshold };
      let verdict = judgePair(q.variant, hit.variant, c.distance, policy);
      if (!verdict) continue;
      if (hit.onMatch === 'review') verdict = 'review';
      verdict = guard(verdict, hit, q.quality ?? null);
      const pair = { verdict, queryVariant: q.variant, bankVariant: hit.variant, distance: c.distance };
      consider(present(hit, 'pdq', q.variant, c.distance, verdict, explainMatch(pair, label(hit))), hit);
    }
  }

  if (input.videoFrames) for (const m of await matchVideoFrames(deps, input.videoFrames)) consider(m);

  if (allowedBy.length > 0) {
    const a = allowedBy[0];
    return { verdict: 'allow', matches: [], suppressedBy: `allow bank ${a.bank}: ${a.explanation}` };
  }
  const matches = [...best.values()].sort(
    (a, b) => RANK[a.verdict] - RANK[b.verdict] || a.distance - b.distance || a.entry.localeCompare(b.entry),
  );
  const verdict: CheckVerdict = matches.length === 0 ? 'allow' : matches[0].verdict;
  if (verdict === 'block' && input.record)
    await recordBlocks(
      deps,
      input,
      matches.filter((m) => m.verdict === 'block'),
    );
  if (verdict === 'block' && input.record)
    await deps.poisoning?.quarantine(matches.filter((m) => m.verdict === 'block').map((m) => m.entry));
  if (input.record && matches.length > 0) await deps.afterMatches?.(matches, input);
  return { verdict, matches };
}

function present(
  hit: HashHit,
  kind: MatchKind,
  queryVariant: string | null,
  distance: number,
  verdict: 'block' | 'review',
  explanation: string,
): CheckMatch {
  const source = describeSource({ kind: hit.sourceKind, ref: hit.sourceRef, label: hit.label });
  return {
    bank: hit.bankName,
    entry: hit.entryId,
    kind,
    variant: hit.variant,
    queryVariant,
    distance,
    verdict,
    requestId: hit.sourceRequestId,
    itemId: hit.sourceItemId,
    explanation: `${explanation}; from ${source}`,
    source,
  };
}

async function recordBlocks(deps: CheckDeps, input: CheckInput, blocking: CheckMatch[]): Promise<void> {
  const now = deps.clock.now();
  await deps.transact(async (trx) => {
    for (const m of blocking.slice(0, 10)) {
      const bank = await deps.banks.bankByName(trx, m.bank);
      await deps.copies.insertBlock(trx, {
        id: randomId(),
        created_at: now.toISOString(),
        request_id: m.requestId,
        bank_id: bank?.id ?? m.bank,
        entry_id: m.entry,
        match_kind: m.kind,
        variant: m.variant,
        distance: m.distance,
        platform_item_id: input.platformItemId ?? null,
        uploader_id: input.uploaderId ?? null,
        actor: input.actor,
      });
      await deps.audit.append(trx, {
        requestId: m.requestId,
        actor: input.actor,
        occurredAt: now,
        event: {
          type: 'upload.blocked',
          version: 1,
          data: {
            bank: m.bank,
            entryId: m.entry,
            matchKind: m.kind,
            variant: m.variant,
            distance: m.distance,
            platformItemId: input.platformItemId ?? null,
          },
        },
      });
    }
  });
}
