/**
 * Row types of the database as Kysely sees them. The same shapes hold on SQLite and PostgreSQL:
 * timestamps are ISO-8601 UTC strings (they sort as text and need no bigint handling on pg),
 * booleans are 0/1 integers, ids are text (UUIDs), JSON is stored as text.
 */
import type { AuditWitnessDatabase } from './schema-audit-witness.ts';
import type { CopiesDatabase } from './schema-copies.ts';
import type { NetworksDatabase } from './schema-networks.ts';
import type { PreviewsDatabase } from './schema-previews.ts';

export interface RequestsTable {
  id: string;
  case_number: string;
  channel: string;
  legal_basis: string;
  submitter_role: string;
  status: string;
  received_at: string;
  deadline_at: string;
  validated_at: string | null;
  missing: string | null;
  assigned_to: string | null;
  assigned_at: string | null;
  decided_at: string | null;
  decision: string | null;
  reason_code: string | null;
  closed_at: string | null;
  minor_involved: number;
  ai_generated: number;
  preserve_until: string | null;
  /** When retention purged the requester's personal data (src/use-cases/purge-personal-data.ts). */
  personal_data_purged_at: string | null;
  /** The CyberTipline report of a minor's case: NCMEC's id, and when it was finished. */
  cybertipline_report_id: string | null;
  cybertipline_finished_at: string | null;
  /** When the one-year preservation (preserve_until) passed and was released. */
  preservation_released_at: string | null;
  submission_enc: string;
  submission_digest: string;
  status_token_hash: string;
  /** The status token sealed with the service cipher, for links in later emails; NULL after a crash recovery. */
  status_token_enc: string | null;
  /** The requester's language (`en`, `es`): emails are written in it. */
  language: string;
  updated_at: string;
}

export interface RequestItemsTable {
  id: string;
  request_id: string;
  position: number;
  url: string | null;
  platform_item_id: string | null;
  sha256: string | null;
  pdq: string | null;
  status: string;
  resolved_at: string | null;
  facts: string | null;
  /** JSON `{pipeline, hashes}`: derived hashes of the requester's copy, banked on removal. */
  variants: string | null;
}

export interface EscalationsTable {
  request_id: string;
  stage: string;
  due_at: string;
  fired_at: string;
}

export interface AppealsTable {
  id: string;
  request_id: string;
  appellant: string;
  statement_enc: string;
  prior_status: string;
  status: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  /** When an open appeal is due (filed + the operator's appeal target). */
  due_at: string | null;
}

export interface AuditEventsTable {
  seq: number;
  id: string;
  request_id: string | null;
  type: string;
  version: number;
  actor: string;
  occurred_at: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** The first sequence number hashed with the instance key; earlier events are unkeyed SHA-256. */
  keyed_from: number | null;
}

export interface JobsTable {
  id: string;
  type: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_at: string | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  role: string;
  password_hash: string | null;
  setup_token_hash: string | null;
  setup_expires_at: string | null;
  created_at: string;
  disabled: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  role: string;
  created_at: string;
  revoked_at: string | null;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  host: string;
  started_at: string;
  beat_at: string;
}

export interface DataKeysTable {
  version: number;
  key_sealed: string;
  created_at: string;
}

export interface Database extends CopiesDatabase, AuditWitnessDatabase, NetworksDatabase, PreviewsDatabase {
  requests: RequestsTable;
  request_items: RequestItemsTable;
  escalations: EscalationsTable;
  appeals: AppealsTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  jobs: JobsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  data_keys: DataKeysTable;
}
