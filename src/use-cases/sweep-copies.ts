/**
 * The copy sweep, run as the `item.removed` job (E1-E3, F2): when an item of a request is taken
 * down, its hashes (from the request item and from the registry entry with the same platform id
 * or URL) go into the takedown bank with the request as provenance, and the registry is searched.
 * Exact copies (SHA-256/MD5) are removed at once: marked removed, `copy.found` + `copy.removed`
 * audit events, an `item.remove` webhook. Perceptual copies (plain PDQ within the bank's threshold
 * over all 8 dihedral variants, or a registry image's upload-time query variants such as the
 * picture inside a border, each pair judged by @redress/match's rule) become review findings with
 * their distance. A removed video (a registry item with vPDQ frames) is banked with one frame
 * a second and searched among the registry's videos only (find-video-copies.ts): a video holding
 * 80% of its frames within the threshold becomes a `vpdq` review finding with that share; exact
 * copies of a video are removed like an image's. Each copy is one transaction keyed by (request,
 * item), so a re-run finds nothing new and sends nothing twice.
 */
import type { LegalBasis } from '../domain/request.ts';
import { statementOfReasons } from '../domain/statement-of-reasons.ts';
import { hexDistance } from '@redress/hamming-index';
import { MATCH_PIPELINE_VERSION, MATCH_POLICY, judgePair } from '@redress/match';
import type { MatchPolicy } from '@redress/match';
import { DIHEDRAL_NAMES } from '@redress/pdq';
import type { Clock } from '../domain/clock.ts';
import { variantsProblem } from '../domain/item-variants.ts';
import type { ItemVariant, ItemVariants } from '../domain/item-variants.ts';
import { thinFrames } from '../domain/thin-frames.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';
import type { ContentItemRow, ContentRepository } from '../db/repositories/content-repository.ts';
import type { CopiesRepository } from '../db/repositories/copies-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { ItemRow, RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { randomId } from '../security/tokens.ts';
import { addBankEntryIn, ensureBank } from './add-bank-entry.ts';
import { emitWebhookEvent } from './emit-webhook-event.ts';
import { findVideoCopies } from './find-video-copies.ts';
import { knownBankHashes } from './take-in-media.ts';

export interface SweepDeps {
  transact: Transact;
  requests: RequestsRepository;
  content: ContentRepository;
  banks: BanksRepository;
  copies: CopiesRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  webhooks: WebhooksRepository;
  clock: Clock;
  takedownBank: string;
  /** The service's public address, for the appeal route in statements of reasons. */
  publicUrl: string;
  afterBankChange?: () => Promise<void>;
}

export interface SweepResult {
  scanned: number;
  exact: string[];
  near: Array<{ contentItemId: string; distance: number; variant: string; share?: number }>;
}

type CopyKind = 'sha256' | 'md5' | 'pdq' | 'vpdq' | 'item';

const PAGE = 2000;

export async function sweepCopies(
  deps: SweepDeps,
  input: { requestId: string; itemId: string },
): Promise<SweepResult> {
  const { request, item } = await deps.transact(async (trx) => {
    const row = await deps.requests.getForUpdate(trx, input.requestId);
    const items = row ? await deps.requests.items(trx, row.id) : [];
    return { request: row, item: items.find((i) => i.id === input.itemId) };
  });
  if (!request || !item) return { scanned: 0, exact: [], near: [] };
  const actor = 'system';

  // The item itself as the registry knows it (same platform id, or same URL).
  const sources: ContentItemRow[] = await deps.transact(async (trx) => {
    const found = item.platform_item_id
      ? await deps.content.byPlatformId(trx, item.platform_item_id)
      : undefined;
    const byUrl = item.url ? await deps.content.byUrl(trx, item.url) : [];
    return [...(found ? [found] : []), ...byUrl.filter((r) => r.id !== found?.id)];
  });
  const sha256 = unique([item.sha256, ...sources.map((s) => s.sha256)]);
  const md5 = unique(sources.map((s) => s.md5));
  const pdq = unique([item.pdq, ...sources.map((s) => s.pdq)]);
  // A video's frames, one a second (thin-frames.ts), from the first registry entry that has any.
  const frames = await deps.transact(async (trx) => {
    for (const s of sources) {
      const kept = await deps.content.frames(trx, s.id);
      if (kept.length > 0) return thinFrames(kept);
    }
    return [];
  });

  // Into the takedown bank, once per item, with the request as provenance (G4).
  const entryId = await deps.transact(async (trx) => {
    const bank = await ensureBank(trx, deps.banks, deps.takedownBank, deps.clock.now());
    const existing = await deps.banks.entryForItem(trx, bank.id, item.id);
    if (existing) return existing.id;
    // Crops and tilts of the requester's own copy were made in their browser (item-variants.ts).
    const hashes = knownBankHashes({ sha256, md5, pdq, variants: itemVariants(item), frames });
    if (hashes.length === 0) return null;
    const { entryId: id } = await addBankEntryIn(trx, deps, {
      bank: bank.name,
      provenance: { kind: 'request', requestId: request.id, itemId: item.id },
      addedBy: actor,
      label: `item ${Number(item.position) + 1} of ${request.case_number}`,
      hashes,
    });
    return id;
  });
  await deps.afterBankChange?.();
  const threshold =
    (await deps.transact((trx) => deps.banks.bankByName(trx, deps.takedownBank)))?.match_threshold ?? 31;

  const policy = { ...MATCH_POLICY, plainBlock: threshold };
  const sourceIds = new Set(sources.map((s) => s.id));
  for (const s of sources) await record(deps, request, item.id, s, 'item', null, null, 'auto_removed', false);

  const result: SweepResult = { scanned: 0, exact: [], near: [] };
  const exact = await deps.transact((trx) => deps.content.byExact(trx, sha256, md5));
  for (const copy of exact) {
    if (sourceIds.has(copy.id)) continue;
    const kind = copy.sha256 && sha256.includes(copy.sha256) ? 'sha256' : 'md5';
    if (await record(deps, request, item.id, copy, kind, 0, null, 'auto_removed', true))
      result.exact.push(copy.id);
  }
  const done = new Set([...sourceIds, ...exact.map((c) => c.id)]);

  // A video: its frames against the registry's videos, never against images' PDQ.
  const video = await findVideoCopies(
    deps,
    frames.map((f) => f.hex),
    threshold,
    done,
  );
  result.scanned += video.scanned;
  for (const v of video.copies) {
    const copy = await deps.transact((trx) => deps.content.get(trx, v.contentItemId));
    if (!copy) continue;
    const share = Math.round(v.share * 1000) / 1000;
    if (await record(deps, request, item.id, copy, 'vpdq', v.distance, 'video', 'review', false, share)) {
      result.near.push({ contentItemId: copy.id, distance: v.distance, variant: 'video', share });
    }
  }

  // Perceptual: stream the registry's PDQ hashes and compare in memory (a job, not a hot path).
  // Nothing to compare when the removed item has no PDQ (a video, or exact hashes only).
  let after = '';
  for (;;) {
    if (pdq.length === 0) break;
    const { page, queries } = await deps.transact(async (trx) => {
      const rows = await deps.content.pdqPage(trx, after, PAGE);
      const hashes = await deps.content.queryHashesOf(
        trx,
        rows.map((r) => r.id),
        MATCH_PIPELINE_VERSION,
      );
      return { page: rows, queries: groupBy(hashes, (h) => h.content_item_id) };
    });
    for (const row of page) {
      result.scanned++;
      if (done.has(row.id) || row.status !== 'active') continue;
      const best = closestMatch(
        row.pdq_dihedral?.split(',') ?? [row.pdq ?? ''],
        queries.get(row.id) ?? [],
        pdq,
        policy,
      );
      if (!best) continue;
      const copy = await deps.transact((trx) => deps.content.get(trx, row.id));
      if (!copy) continue;
      if (await record(deps, request, item.id, copy, 'pdq', best.distance, best.variant, 'review', false)) {
        result.near.push({ contentItemId: copy.id, distance: best.distance, variant: best.variant });
      }
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }

  await deps.transact((trx) =>
    deps.audit.append(trx, {
      requestId: request.id,
      actor,
      occurredAt: deps.clock.now(),
      event: {
        type: 'copy.sweep_finished',
        version: 1,
        data: {
          sourceItemId: item.id,
          scanned: result.scanned,
          exact: result.exact.length,
          near: result.near.length,
          bankEntryId: entryId,
          withinDeadline: deps.clock.now().toISOString() <= request.deadline_at,
        },
      },
    }),
  );
  return result;
}

/**
 * The closest pair a check would also match, against the removed item's plain PDQ: the registry
 * image's plain PDQ in its 8 orientations, or else its upload-time query variants (the picture
 * inside a border, the grid hash of the whole), each judged by @redress/match's rule for the pair.
 */
function closestMatch(
  dihedral: string[],
  queries: ReadonlyArray<{ variant: string; hex: string }>,
  sources: string[],
  policy: MatchPolicy,
): { distance: number; variant: string } | null {
  // Plain PDQ first, so a copy plain PDQ finds keeps its plain distance and variant.
  const plain = closest(dihedral, sources);
  if (plain && judgePair(plain.variant, 'original', plain.distance, policy)) return plain;
  let best: { distance: number; variant: string } | null = null;
  for (const q of queries) {
    for (const s of sources) {
      const distance = hexDistance(q.hex, s);
      if (judgePair(q.variant, 'original', distance, policy) && (!best || distance < best.distance)) {
        best = { distance, variant: q.variant };
      }
    }
  }
  return best;
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

/** Smallest distance between a registry item's dihedral hashes and the removed item's hashes. */
function closest(dihedral: string[], sources: string[]): { distance: number; variant: string } | null {
  let best: { distance: number; variant: string } | null = null;
  dihedral.forEach((hex, i) => {
    if (hex.length !== 64) return;
    for (const s of sources) {
      const distance = hexDistance(hex, s);
      if (!best || distance < best.distance) {
        best = { distance, variant: i === 0 ? 'original' : `original/${DIHEDRAL_NAMES[i]}` };
      }
    }
  });
  return best;
}

/** The item's banked variants, if it has any this pipeline can still compare. */
function itemVariants(item: ItemRow): Array<ItemVariant & { pipeline: number }> {
  if (!item.variants) return [];
  const v = JSON.parse(item.variants) as ItemVariants;
  return variantsProblem(v) ? [] : v.hashes.map((h) => ({ ...h, pipeline: v.pipeline }));
}

/** One copy, one transaction: the finding (unique per request and item) and what follows from it. */
async function record(
  deps: SweepDeps,
  request: { id: string; case_number: string; legal_basis: string },
  sourceItemId: string,
  copy: ContentItemRow,
  kind: CopyKind,
  distance: number | null,
  variant: string | null,
  status: 'auto_removed' | 'review',
  notify: boolean,
  frameShare: number | null = null,
): Promise<boolean> {
  return deps.transact(async (trx) => {
    const now = deps.clock.now();
    const findingId = randomId();
    const inserted = await deps.copies.insertFinding(trx, {
      id: findingId,
      request_id: request.id,
      source_item_id: sourceItemId,
      content_item_id: copy.id,
      match_kind: kind,
      distance,
      variant,
      status,
      created_at: now.toISOString(),
      decided_at: status === 'auto_removed' ? now.toISOString() : null,
      decided_by: status === 'auto_removed' ? 'system' : null,
      frame_share: frameShare,
    });
    if (!inserted) return false;
    await deps.audit.append(trx, {
      requestId: request.id,
      actor: 'system',
      occurredAt: now,
      event: {
        type: 'copy.found',
        version: 1,
        data: {
          findingId,
          sourceItemId,
          contentItemId: copy.id,
          platformItemId: copy.platform_item_id,
          matchKind: kind,
          distance,
          variant,
          status,
          ...(frameShare === null ? {} : { frameShare }),
        },
      },
    });
    if (status === 'auto_removed') {
      await removeCopy(trx, deps, request, copy, kind, true, notify, now);
    }
    return true;
  });
}

/** Marks a registry item removed, records it and tells the platform (shared with review confirmation). */
export async function removeCopy(
  trx: Parameters<Parameters<Transact>[0]>[0],
  deps: Pick<SweepDeps, 'content' | 'audit' | 'jobs' | 'webhooks' | 'publicUrl'>,
  request: { id: string; case_number: string; legal_basis: string },
  copy: ContentItemRow,
  kind: CopyKind,
  automated: boolean,
  notify: boolean,
  now: Date,
): Promise<void> {
  await deps.content.markRemoved(trx, copy.id, request.id, now);
  await deps.audit.append(trx, {
    requestId: request.id,
    actor: 'system',
    occurredAt: now,
    event: {
      type: 'copy.removed',
      version: 1,
      data: { contentItemId: copy.id, platformItemId: copy.platform_item_id, matchKind: kind, automated },
    },
  });
  if (!notify) return;
  const ground = kind === 'item' ? 'takedown' : automated ? 'exact_copy' : 'confirmed_copy';
  await emitWebhookEvent(
    trx,
    deps,
    {
      type: 'item.remove',
      key: `${request.id}:${copy.platform_item_id}`,
      requestId: request.id,
      data: {
        platformItemId: copy.platform_item_id,
        url: copy.url,
        caseNumber: request.case_number,
        reason: ground,
        matchKind: kind,
        statementOfReasons: statementOfReasons({
          platformItemId: copy.platform_item_id,
          legalBasis: request.legal_basis as LegalBasis,
          ground,
          decidedAt: now,
          caseNumber: request.case_number,
          publicUrl: deps.publicUrl,
        }),
      },
    },
    now,
  );
}

function unique(values: Array<string | null | undefined>): string[] {
  return [
    ...new Set(
      values.filter((v): v is string => typeof v === 'string' && v.length > 0).map((v) => v.toLowerCase()),
    ),
  ];
}
