/**
 * Audit events of the copies and stay-down layer (E1-E4, F2, G4), part of the `AuditEvent` union.
 * They are the record of "reasonable efforts": every bank entry added or withdrawn with its
 * provenance, every copy a sweep found and what was done with it, every blocked re-upload, and
 * every removal the platform confirmed or Redress verified. Hashes and ids only, no media.
 */
type Event<T extends string, V extends number, D> = { type: T; version: V; data: D };

export type MatchKind = 'sha256' | 'md5' | 'pdq' | 'vpdq' | 'url' | 'item';

export type CopyAuditEvent =
  | Event<
      'bank.entry_added',
      1,
      { bank: string; entryId: string; sourceKind: string; sourceItemId: string | null; hashCount: number }
    >
  | Event<'bank.entry_withdrawn', 1, { bank: string; entryId: string; reason: string }>
  | Event<
      'bank.list_imported',
      1,
      /** One batch of a partner's list: the entries it added and withdrew, and the list's SHA-256. */
      { bank: string; source: string; digest: string | null; added: string[]; withdrawn: string[] }
    >
  | Event<
      'copy.found',
      1,
      {
        findingId: string;
        sourceItemId: string;
        contentItemId: string;
        platformItemId: string;
        matchKind: MatchKind;
        distance: number | null;
        variant: string | null;
        status: 'auto_removed' | 'review';
        /** vPDQ: share (0..1) of the removed video's frames found in the copy. */
        frameShare?: number;
      }
    >
  | Event<
      'copy.removed',
      1,
      { contentItemId: string; platformItemId: string; matchKind: MatchKind; automated: boolean }
    >
  | Event<'copy.reviewed', 1, { findingId: string; outcome: 'confirmed' | 'dismissed' }>
  | Event<
      'copy.sweep_finished',
      1,
      {
        sourceItemId: string;
        scanned: number;
        exact: number;
        near: number;
        bankEntryId: string | null;
        /** Finished before the request's 48-hour deadline (the sweep is part of the removal duty). */
        withinDeadline: boolean;
      }
    >
  | Event<
      'upload.blocked',
      1,
      {
        bank: string;
        entryId: string;
        matchKind: MatchKind;
        variant: string | null;
        distance: number;
        platformItemId: string | null;
      }
    >
  | Event<
      'removal.verified',
      1,
      { platformItemId: string | null; url: string; status: number; removed: boolean }
    >;
