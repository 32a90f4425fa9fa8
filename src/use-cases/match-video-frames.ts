/**
 * The video half of an upload check: the upload's vPDQ frames are searched in the in-memory
 * index of banked video frames, every candidate is confirmed in SQL (entry live, bank enabled,
 * within the bank's own threshold), and each banked video is judged by the vPDQ rule of
 * src/domain/video-match.ts. A bank that wants a person to decide (G4) turns 'block' into 'review'.
 */
import { describeSource } from '../domain/provenance.ts';
import { judgeVideoEntries } from '../domain/video-match.ts';
import type { FramePair, VideoEntryMatch } from '../domain/video-match.ts';
import type { Executor } from '../db/database.ts';
import type { BanksRepository, HashHit } from '../db/repositories/banks-repository.ts';
import type { BankIndex } from '../index-sync/bank-index.ts';
import type { VideoFrameHash } from '../media/video-fingerprint.ts';
import type { CheckMatch } from './check-match.ts';

export interface VideoMatchDeps {
  db: Executor;
  banks: BanksRepository;
  index: BankIndex;
}

/** Candidate ids are confirmed this many at a time (bound parameters per statement). */
const CONFIRM_CHUNK = 1000;

export async function matchVideoFrames(
  deps: VideoMatchDeps,
  frames: readonly VideoFrameHash[],
): Promise<CheckMatch[]> {
  if (frames.length === 0) return [];
  // Searched as far as the loosest enabled bank reaches; each pair is then held to its own bank's.
  const radius = deps.index.loosestThreshold;
  const candidates = deps.index.searchFrames(
    frames.map((f) => f.hex),
    radius,
  );
  if (candidates.length === 0) return [];
  const hits = await confirm(deps, [...new Set(candidates.map((c) => c.id))]);
  const pairs: FramePair[] = [];
  for (const c of candidates) {
    const hit = hits.get(c.id);
    if (!hit || c.distance > hit.threshold) continue;
    pairs.push({ entryId: hit.entryId, bankFrameId: c.id, uploadFrame: c.query, distance: c.distance });
  }
  const entryOf = new Map([...hits.values()].map((h) => [h.entryId, h]));
  const counts = await deps.banks.frameCounts(deps.db, [...new Set(pairs.map((p) => p.entryId))]);
  return judgeVideoEntries(pairs, counts, frames.length).map((m) =>
    present(m, entryOf.get(m.entryId) as HashHit, frames),
  );
}

async function confirm(deps: VideoMatchDeps, ids: number[]): Promise<Map<number, HashHit>> {
  const hits = new Map<number, HashHit>();
  for (let i = 0; i < ids.length; i += CONFIRM_CHUNK) {
    for (const h of await deps.banks.hitsByIds(deps.db, ids.slice(i, i + CONFIRM_CHUNK)))
      hits.set(h.hashId, h);
  }
  return hits;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const round3 = (share: number) => Math.round(share * 1000) / 1000;

function present(m: VideoEntryMatch, hit: HashHit, frames: readonly VideoFrameHash[]): CheckMatch {
  const verdict = hit.onMatch === 'review' ? 'review' : 'block';
  const label = hit.label ?? `entry ${hit.entryId.slice(0, 8)}`;
  const from = frames[m.firstUploadFrame].seconds;
  const to = frames[m.lastUploadFrame].seconds;
  const source = describeSource({ kind: hit.sourceKind, ref: hit.sourceRef, label: hit.label });
  return {
    bank: hit.bankName,
    entry: hit.entryId,
    kind: 'vpdq',
    variant: 'video',
    queryVariant: null,
    distance: m.distance,
    verdict,
    requestId: hit.sourceRequestId,
    itemId: hit.sourceItemId,
    explanation:
      `${m.bankedMatched} of ${m.bankedFrames} frames of ${label} (${percent(m.bankedShare)}) found in the ` +
      `upload between ${from} s and ${to} s, median distance ${m.distance} (${verdict}); from ${source}`,
    source,
    video: {
      bankedShare: round3(m.bankedShare),
      uploadShare: round3(m.uploadShare),
      bankedFrames: m.bankedFrames,
      uploadFrames: m.uploadFrames,
    },
  };
}
