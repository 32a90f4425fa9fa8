/**
 * The outbox's job types and what each carries: one map, so a producer cannot queue a payload
 * its handler does not read, and the handler table (`JobHandlers`, filled in runtime.ts) must name every type.
 * Payloads are stored as JSON and may have been queued by an earlier version: a field that an
 * older producer did not write is optional here, and its handler reads the older form too.
 */
import type { NetworkFeedback } from './network-feedback.ts';

/** Emails to the requester, by what they say. */
export type RequesterEmailTemplate = 'receipt' | 'missing_info' | 'decision' | 'status_link';

export interface JobPayloads {
  /** The address is read (and decrypted) from the request when the email goes. */
  'email.requester': {
    requestId: string;
    template: RequesterEmailTemplate;
    /** The status token, sealed; jobs queued before the request kept its own carry it. */
    token?: string;
  };
  /** Address and setup token sealed: the row holds a credential until the email goes. */
  'email.staff_invite': { email: string; token: string; role: string; expiresAt: string };
  'email.staff': { requestId: string; stage: string; template: 'staff_escalation' };
  'ncmec.report': { requestId: string };
  'cybertipline.report': { requestId: string };
  'request.approved': { requestId: string };
  'item.removed': {
    requestId: string;
    itemId: string;
    outcome: string;
    sha256: string | null;
    pdq: string | null;
  };
  'item.restored': { requestId: string; itemId: string };
  'webhook.deliver': {
    eventId: string;
    type: string;
    data: Record<string, unknown>;
    endpointId: string;
    /** The request the event is about, for what follows a delivery (never sent to the platform). */
    requestId?: string | null;
  };
  'removal.verify': {
    url: string;
    platformItemId: string | null;
    requestId?: string | null;
    /** What jobs queued before `requestId` carried instead. */
    caseNumber?: string | null;
  };
  'audit.witness': { witness: string; checkpoint: Record<string, unknown> };
  'network.feedback': { network: string; hashKey: string; state: NetworkFeedback; changes: number };
}

export type JobType = keyof JobPayloads;

/** A failure no retry can fix (an endpoint refused the event): the worker stops retrying. */
export class PermanentJobError extends Error {
  readonly permanent = true;
}
