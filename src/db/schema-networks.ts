/**
 * Row types of the hash-network tables (migration 20261204100800_networks), with the same
 * conventions as schema.ts: ISO-8601 text timestamps, 0/1 booleans, JSON as text.
 */
import type { Generated } from 'kysely';

/** One partner feed (`stopncii`, `ncmec`, `federation:NAME`): where its fetch stands. */
export interface NetworkFeedsTable {
  name: string;
  /** The partner's own checkpoint, as JSON (a timestamp, a page token, a cursor). */
  checkpoint: string | null;
  last_run_at: string | null;
  next_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  /** Failed fetches since the last success. */
  error_count: Generated<number>;
  /** Federation pages refused (bad or missing signature) in all. */
  refused_pages: Generated<number>;
}

/** The feedback last given to a network on one of its hashes (`ImagePDQ:HEX`). */
export interface NetworkFeedbackTable {
  network: string;
  hash_key: string;
  state: string;
  /** How many times the state changed: names each feedback job once. */
  changes: number;
  updated_at: string;
}

/** An upload that matched a network's hash: blocked, or in review until a person decides. */
export interface NetworkMatchesTable {
  id: string;
  network: string;
  hash_key: string;
  entry_id: string;
  platform_item_id: string | null;
  /** blocked | review | confirmed | dismissed */
  status: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

export interface FederationSubscriptionsTable {
  id: string;
  /** The source name its entries carry (`NAME#entry`) and its bank `fed-NAME`. */
  name: string;
  url: string;
  /** JSON [{keyId, publicKey}]: the publisher keys accepted. */
  keys: string;
  /** block | review: what a perceptual match of this feed does. */
  on_match: string;
  threshold: number;
  /** The publisher's API key for this subscriber, sealed with the service cipher. */
  token_sealed: string | null;
  enabled: number;
  created_at: string;
}

export interface BankEntryLogTable {
  seq: Generated<number>;
  bank_id: string;
  entry_id: string;
  op: string;
  created_at: string;
}

/** An entry whose matches flooded (too many unrelated uploaders at once): it only sends to review. */
export interface EntryQuarantineTable {
  entry_id: string;
  bank_id: string;
  /** The entry's source (a network or partner name, or `local`). */
  source: string;
  reason: string;
  quarantined_at: string;
}

/** A source flagged for poisoning: an entry of it flooded, or its matches keep being dismissed. */
export interface SourceFlagsTable {
  source: string;
  reason: string;
  /** 1 once the source's bank was dropped to review-only. */
  review_only: number;
  flagged_at: string;
}

export interface NetworksDatabase {
  entry_quarantine: EntryQuarantineTable;
  source_flags: SourceFlagsTable;
  network_feeds: NetworkFeedsTable;
  network_feedback: NetworkFeedbackTable;
  network_matches: NetworkMatchesTable;
  federation_subscriptions: FederationSubscriptionsTable;
  bank_entry_log: BankEntryLogTable;
}
