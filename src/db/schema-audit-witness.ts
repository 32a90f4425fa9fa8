/**
 * Row types of the audit checkpoints and sign-in failure counters (migrations
 * 20261204100300_audit_checkpoints and 20261204100301_login_failures), in the conventions of
 * schema.ts: ISO-8601 text timestamps.
 */
export interface AuditCheckpointsTable {
  seq: number;
  head_hash: string;
  made_at: string;
  key_id: string;
  signature: string;
}

/** Checkpoints another instance (`peer`) sent here to witness. */
export interface AuditWitnessedTable extends AuditCheckpointsTable {
  peer: string;
  received_at: string;
}

export interface LoginFailuresTable {
  /** A keyed digest naming an account (`account:`) or an address (`address:`). */
  subject: string;
  failures: number;
  last_failed_at: string;
  locked_until: string | null;
}

export interface AuditWitnessDatabase {
  audit_checkpoints: AuditCheckpointsTable;
  audit_witnessed: AuditWitnessedTable;
  login_failures: LoginFailuresTable;
}
