/**
 * Live bank hashes as checks see them: only entries not withdrawn, of enabled banks, with the
 * bank's policy, the entry's provenance and whether it is quarantined, for judging and explaining
 * a match.
 */
import type { Executor } from '../database.ts';

/** A live bank hash with what a match needs to be judged and explained. */
export interface HashHit {
  hashId: number;
  kind: string;
  value: string;
  variant: string;
  entryId: string;
  bankId: string;
  bankName: string;
  threshold: number;
  onMatch: string;
  sourceRequestId: string | null;
  sourceItemId: string | null;
  label: string | null;
  sourceKind: string;
  sourceRef: string | null;
  bankKind: string;
  /** Set when the entry was quarantined for flooding: its matches only go to review. */
  quarantined: boolean;
}

export const normalise = (r: Record<string, unknown>): HashHit => ({
  hashId: Number(r.hash_id),
  kind: String(r.kind),
  value: String(r.value),
  variant: String(r.variant),
  entryId: String(r.entry_id),
  bankId: String(r.bank_id),
  bankName: String(r.bank_name),
  threshold: Number(r.match_threshold),
  onMatch: String(r.on_match),
  sourceRequestId: (r.source_request_id as string | null) ?? null,
  sourceItemId: (r.source_item_id as string | null) ?? null,
  label: (r.label as string | null) ?? null,
  sourceKind: String(r.source_kind),
  sourceRef: (r.source_ref as string | null) ?? null,
  bankKind: String(r.bank_kind),
  quarantined: r.quarantined_at !== null && r.quarantined_at !== undefined,
});

export function liveHits(ex: Executor) {
  return ex
    .selectFrom('bank_hashes as h')
    .innerJoin('bank_entries as e', 'e.id', 'h.entry_id')
    .innerJoin('banks as b', 'b.id', 'e.bank_id')
    .leftJoin('entry_quarantine as q', 'q.entry_id', 'e.id')
    .select([
      'h.id as hash_id',
      'h.kind',
      'h.value',
      'h.variant',
      'e.id as entry_id',
      'b.id as bank_id',
      'b.name as bank_name',
      'b.match_threshold',
      'b.on_match',
      'e.source_request_id',
      'e.source_item_id',
      'e.label',
      'e.source_kind',
      'e.source_ref',
      'b.kind as bank_kind',
      'q.quarantined_at',
    ])
    .where('e.withdrawn_at', 'is', null)
    .where('b.enabled', '=', 1);
}
