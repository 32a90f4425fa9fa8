/**
 * What staff see: the queue (most urgent first, with hours left) and the full case, decrypted
 * for the reviewer. Status tokens, token hashes and ciphertexts never leave the server.
 */
import type { StoredAuditEvent } from '../../../domain/audit-events.ts';
import type { MissingCode } from '../../../domain/elements.ts';
import type { Submission } from '../../../domain/request.ts';
import type { ItemRow, RequestRow } from '../../../db/repositories/requests-repository.ts';

export function presentQueueEntry(row: RequestRow, now: Date) {
  return {
    caseNumber: row.case_number,
    status: row.status,
    legalBasis: row.legal_basis,
    receivedAt: row.received_at,
    deadlineAt: row.deadline_at,
    hoursLeft: Math.round(((new Date(row.deadline_at).getTime() - now.getTime()) / 3_600_000) * 10) / 10,
    minorInvolved: row.minor_involved === 1,
    assignedTo: row.assigned_to,
  };
}

export function presentCase(
  view: {
    request: RequestRow;
    submission: Submission;
    items: ItemRow[];
    escalations: { stage: string; due_at: string; fired_at: string }[];
    appeals: { id: string; appellant: string; status: string; created_at: string; statement: string }[];
    events: StoredAuditEvent[];
  },
  now: Date,
) {
  const r = view.request;
  return {
    ...presentQueueEntry(r, now),
    channel: r.channel,
    submitterRole: r.submitter_role,
    missing: JSON.parse(r.missing ?? '[]') as MissingCode[],
    decision: r.decision,
    reasonCode: r.reason_code,
    decidedAt: r.decided_at,
    closedAt: r.closed_at,
    preserveUntil: r.preserve_until,
    aiGeneratedBelief: r.ai_generated === 1,
    submission: view.submission,
    items: view.items.map((i) => ({
      id: i.id,
      position: Number(i.position),
      url: i.url,
      platformItemId: i.platform_item_id,
      sha256: i.sha256,
      pdq: i.pdq,
      status: i.status,
      resolvedAt: i.resolved_at,
    })),
    escalations: view.escalations.map((e) => ({ stage: e.stage, dueAt: e.due_at, firedAt: e.fired_at })),
    appeals: view.appeals.map((a) => ({
      id: a.id,
      appellant: a.appellant,
      status: a.status,
      createdAt: a.created_at,
      statement: a.statement,
    })),
    events: view.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      version: e.version,
      actor: e.actor,
      occurredAt: e.occurredAt,
      data: e.data,
    })),
  };
}
