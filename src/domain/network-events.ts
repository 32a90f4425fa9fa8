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
  /** A federation page that failed verification: nothing from it was applied. */
  | Event<'network.page_refused', 1, { feed: string; cursor: string | null; reason: string }>;
