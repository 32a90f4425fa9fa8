/**
 * Row types of the copies and stay-down tables (migration 20261127210000_copies), in the same
 * conventions as schema.ts: ISO-8601 text timestamps, 0/1 booleans, JSON as text. Integer ids
 * (bank hashes, change sequence) come back from pg as strings when 64-bit: read them with Number().
 */
import type { Generated } from 'kysely';

export interface ContentItemsTable {
  id: string;
  platform_item_id: string;
  url: string | null;
  uploader_id: string | null;
  sha256: string | null;
  md5: string | null;
  pdq: string | null;
  /** The 8 dihedral PDQ hashes, comma-separated, when Redress saw the pixels. */
  pdq_dihedral: string | null;
  pdq_quality: number | null;
  pdq_profile: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  removed_at: string | null;
  removed_by_request: string | null;
}

/** One vPDQ frame of a registry video (content_items keeps no PDQ for a video). */
export interface ContentItemFramesTable {
  content_item_id: string;
  /** Order of the frame in the video, from 0. */
  position: number;
  hex: string;
  quality: number;
  seconds: number;
}

export interface BanksTable {
  id: string;
  name: string;
  kind: string;
  match_threshold: number;
  on_match: string;
  enabled: number;
  created_at: string;
}

export interface BankEntriesTable {
  id: string;
  bank_id: string;
  source_kind: string;
  source_request_id: string | null;
  source_item_id: string | null;
  source_ref: string | null;
  added_by: string;
  label: string | null;
  created_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface BankHashesTable {
  id: Generated<number>;
  entry_id: string;
  kind: string;
  value: string;
  variant: string;
  quality: number | null;
  /** MATCH_PIPELINE_VERSION of a derived PDQ hash; null for plain PDQ, exact hashes and frames. */
  pipeline: number | null;
}

export interface BankChangesTable {
  seq: Generated<number>;
  hash_id: number;
  op: string;
  created_at: string;
}

export interface CopyFindingsTable {
  id: string;
  request_id: string;
  source_item_id: string;
  content_item_id: string;
  match_kind: string;
  distance: number | null;
  variant: string | null;
  status: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  /** vPDQ findings: share (0..1) of the removed video's frames found in the copy. */
  frame_share: number | null;
}

export interface UploadBlocksTable {
  id: string;
  created_at: string;
  request_id: string | null;
  bank_id: string;
  entry_id: string;
  match_kind: string;
  variant: string | null;
  distance: number | null;
  platform_item_id: string | null;
  uploader_id: string | null;
  actor: string;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  secret_enc: string;
  events: string;
  enabled: number;
  created_at: string;
  created_by: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  type: string;
  attempt: number;
  outcome: string;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

/** A registry image's upload-time query hash (a derived @redress/match variant), for the sweep. */
export interface ContentQueryHashesTable {
  content_item_id: string;
  variant: string;
  hex: string;
  quality: number;
  /** The match pipeline version that made it; the sweep compares only the current version's. */
  pipeline: number;
}

export interface CopiesDatabase {
  content_items: ContentItemsTable;
  content_item_frames: ContentItemFramesTable;
  content_query_hashes: ContentQueryHashesTable;
  banks: BanksTable;
  bank_entries: BankEntriesTable;
  bank_hashes: BankHashesTable;
  bank_changes: BankChangesTable;
  copy_findings: CopyFindingsTable;
  upload_blocks: UploadBlocksTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
