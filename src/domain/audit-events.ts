/**
 * The audit events of a request's life (TIDA-H1), as a typed, versioned union `{type, version,
 * data}`. Use cases append them explicitly in the same transaction as the change they record.
 * Events hold no personal data in clear: the submission as received is represented by the
 * SHA-256 digest of its canonical form (the encrypted original stays on the request row).
 * A stored version never changes meaning; a new shape gets a new version number.
 */
import type { EscalationStage } from './clock.ts';
import type { CopyAuditEvent } from './copy-events.ts';
import type { MissingCode } from './elements.ts';
import type { NetworkAuditEvent } from './network-events.ts';
import type { ItemOutcome, LegalBasis, RejectionReason, RequestStatus, SubmitterRole } from './request.ts';

type Event<T extends string, V extends number, D> = { type: T; version: V; data: D };

export type AuditEvent =
  | Event<
      'request.received',
      1,
      {
        caseNumber: string;
        channel: 'api' | 'web' | 'email' | 'platform';
        legalBasis: LegalBasis;
        submitterRole: SubmitterRole;
        receivedAt: string;
        deadlineAt: string;
        itemCount: number;
        submissionDigest: string;
        minorInvolved: boolean;
        aiGeneratedBelief: boolean;
      }
    >
  | Event<'request.validated', 1, { valid: boolean; missing: MissingCode[] }>
  | Event<'request.completed', 1, { submissionDigest: string; missing: MissingCode[]; valid: boolean }>
  | Event<'request.assigned', 1, { assigneeId: string }>
  | Event<
      'request.decided',
      1,
      {
        decision: 'remove' | 'reject' | 'escalate_legal';
        reasonCode: RejectionReason | null;
        facts: string | null;
        automated: false;
      }
    >
  | Event<'request.minor_flagged', 1, { ncmecReportRequired: true; preserveUntil: string }>
  | Event<'cybertipline.reported', 1, { reportId: string }>
  | Event<'preservation.released', 1, { preserveUntil: string }>
  | Event<'item.resolved', 1, { itemId: string; outcome: ItemOutcome; facts: string | null }>
  | Event<'request.closed', 1, { status: RequestStatus; itemsDown: number; itemCount: number }>
  | Event<'request.withdrawn', 1, { by: 'requester' | 'staff' }>
  | Event<
      'appeal.filed',
      1,
      { appealId: string; appellant: 'requester' | 'uploader'; priorStatus: RequestStatus }
    >
  | Event<'appeal.decided', 1, { appealId: string; outcome: 'uphold' | 'overturn'; status: RequestStatus }>
  | Event<'deadline.stage_reached', 1, { stage: EscalationStage; dueAt: string }>
  | Event<'case.viewed', 1, { purpose: string }>
  /** An evidence pack of the case was written; `personalData` when sealed parts were disclosed in it. */
  | Event<'case.evidence_exported', 1, { personalData: boolean; fields: string[] }>
  /** A reviewer revealed a preview beyond the blurred default; no content, only what and how far. */
  | Event<'media.revealed', 1, { target: 'item' | 'copy'; targetId: string; level: 'colour' | 'sharp' }>
  | Event<'request.personal_data_purged', 1, { closedAt: string; retentionDays: number; fields: string[] }>
  | Event<'staff.disabled', 1, { userId: string }>
  | Event<'staff.password_reset', 1, { userId: string }>
  | Event<'email.sent', 1, { template: string; recipient: 'requester' | 'staff'; messageId: string | null }>
  | CopyAuditEvent
  | NetworkAuditEvent;

export type AuditEventType = AuditEvent['type'];

/** An event as stored: who did it, when, for which request, in the chain. */
export interface StoredAuditEvent {
  seq: number;
  id: string;
  requestId: string | null;
  type: string;
  version: number;
  actor: string;
  occurredAt: string;
  data: unknown;
  prevHash: string;
  hash: string;
}

/** The string hashed into the chain: stable key order, so re-serialising cannot break it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function chainPayload(e: Omit<StoredAuditEvent, 'hash'>): string {
  return canonicalJson({
    seq: e.seq,
    id: e.id,
    requestId: e.requestId,
    type: e.type,
    version: e.version,
    actor: e.actor,
    occurredAt: e.occurredAt,
    data: e.data,
    prevHash: e.prevHash,
  });
}

export const GENESIS_HASH = '0'.repeat(64);
