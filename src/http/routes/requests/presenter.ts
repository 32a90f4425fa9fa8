/**
 * What a requester may see of their request: status, times, what is missing and what happened
 * to each item. Never the reviewer, the uploader or internal notes.
 */
import { MISSING_TEXT } from '../../../domain/elements.ts';
import type { MissingCode } from '../../../domain/elements.ts';
import type { ItemRow, RequestRow } from '../../../db/repositories/requests-repository.ts';

export function presentMissing(codes: MissingCode[]) {
  return codes.map((code) => ({ code, text: MISSING_TEXT[code] }));
}

export function presentStatus(row: RequestRow, items: ItemRow[]) {
  return {
    caseNumber: row.case_number,
    status: row.status,
    receivedAt: row.received_at,
    deadlineAt: row.deadline_at,
    missing: presentMissing(JSON.parse(row.missing ?? '[]') as MissingCode[]),
    items: items.map((i) => ({ position: Number(i.position), status: i.status })),
    reasonCode: row.reason_code,
    closedAt: row.closed_at,
  };
}
