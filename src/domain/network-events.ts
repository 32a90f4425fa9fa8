/**
 * Audit events of the hash-network exchanges, part of the AuditEvent union. Fetched entries
 * themselves are recorded as `bank.list_imported` batches, like any partner list.
 */
type Event<T extends string, V extends number, D> = { type: T; version: V; data: D };

export type NetworkAuditEvent =
  | Event<
      'network.match_reviewed',
      1,
      { network: string; matchId: string; entryId: string; outcome: 'confirmed' | 'dismissed' }
    >
  | Event<
      'network.subscription_saved',
      1,
      { name: string; url: string; keyIds: string[]; onMatch: string; threshold: number; enabled: boolean }
    >
  /** An entry that flooded (many unrelated uploaders at once) now only sends matches to review. */
  | Event<
      'bank.entry_quarantined',
      1,
      { entryId: string; bankId: string; source: string; uploaders: number; windowS: number }
    >
  /** A network whose matches keep being dismissed: its bank now sends matches to review. */
  | Event<'network.source_review_only', 1, { network: string; bank: string; dismissed: number }>
  /** A federation page that failed verification: nothing from it was applied. */
  | Event<'network.page_refused', 1, { feed: string; cursor: string | null; reason: string }>;
