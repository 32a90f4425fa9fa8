/**
 * Staff views of banks, findings, blocked uploads and webhook endpoints: provenance and decisions
 * in full (staff need them, G4), webhook secrets never.
 */
import type { BankRow } from '../../../db/repositories/banks-repository.ts';
import type { CopyFindingRow, UploadBlockRow } from '../../../db/repositories/copies-repository.ts';
import type { WebhookEndpointRow } from '../../../db/repositories/webhooks-repository.ts';

export function presentBank(b: BankRow & { entries?: number }) {
  return {
    name: b.name,
    kind: b.kind,
    matchThreshold: Number(b.match_threshold),
    onMatch: b.on_match,
    enabled: Boolean(Number(b.enabled)),
    entries: b.entries,
    createdAt: b.created_at,
  };
}

export function presentFinding(f: CopyFindingRow & { platformItemId?: string | null }) {
  return {
    id: f.id,
    sourceItemId: f.source_item_id,
    contentItemId: f.content_item_id,
    platformItemId: f.platformItemId ?? null,
    matchKind: f.match_kind,
    distance: f.distance === null ? null : Number(f.distance),
    variant: f.variant,
    // vPDQ findings: how much of the removed video the copy holds (0..1).
    ...(f.frame_share === null || f.frame_share === undefined ? {} : { frameShare: Number(f.frame_share) }),
    status: f.status,
    createdAt: f.created_at,
    decidedAt: f.decided_at,
    decidedBy: f.decided_by,
  };
}

export function presentBlock(b: UploadBlockRow) {
  return {
    at: b.created_at,
    entry: b.entry_id,
    matchKind: b.match_kind,
    variant: b.variant,
    distance: b.distance === null ? null : Number(b.distance),
    platformItemId: b.platform_item_id,
  };
}

export function presentEndpoint(e: WebhookEndpointRow) {
  return {
    id: e.id,
    url: e.url,
    events: JSON.parse(e.events) as string[],
    enabled: Boolean(Number(e.enabled)),
    createdAt: e.created_at,
  };
}
