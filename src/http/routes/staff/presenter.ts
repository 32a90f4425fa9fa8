/**
 * What staff see: the queue (most urgent first, with hours left) and the full case, decrypted
 * for the reviewer. Status tokens, token hashes and ciphertexts never leave the server.
 */
import type { StoredAuditEvent } from '../../../domain/audit-events.ts';
import type { MissingCode } from '../../../domain/elements.ts';
import type { Submission } from '../../../domain/request.ts';
import type { ItemRow, RequestRow } from '../../../db/repositories/requests-repository.ts';
import type { WorkQueueRow } from '../../../db/repositories/work-queue-repository.ts';

const hoursUntil = (iso: string, now: Date) =>
  Math.round(((new Date(iso).getTime() - now.getTime()) / 3_600_000) * 10) / 10;

export function presentQueueEntry(row: RequestRow, now: Date) {
  return {
    caseNumber: row.case_number,
    status: row.status,
    legalBasis: row.legal_basis,
    receivedAt: row.received_at,
    deadlineAt: row.deadline_at,
    hoursLeft: hoursUntil(row.deadline_at, now),
    minorInvolved: row.minor_involved === 1,
    assignedTo: row.assigned_to,
  };
}

/** A queue entry: the request, when its work is due (the deadline, or the open appeal's due
 *  time), hours left until then, its item count, assignee and open appeal. */
export function presentWorkEntry(row: WorkQueueRow, now: Date) {
  return {
    ...presentQueueEntry(row, now),
    dueAt: row.due_at,
    hoursLeft: hoursUntil(row.due_at, now),
    itemCount: row.item_count,
    assignee: row.assigned_to ? { id: row.assigned_to, email: row.assignee_email } : null,
    appeal: row.appeal_id
      ? { id: row.appeal_id, appellant: row.appellant!, filedAt: row.appeal_filed_at!, dueAt: row.due_at }
      : null,
  };
}

export function presentCase(
  view: {
    request: RequestRow;
    submission: Submission;
    items: ItemRow[];
    escalations: { stage: string; due_at: string; fired_at: string }[];
    appeals: {
      id: string;
      appellant: string;
      status: string;
      created_at: string;
      statement: string;
      due_at?: string | null;
    }[];
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
      dueAt: a.due_at ?? null,
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
