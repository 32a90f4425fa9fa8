/**
 * Signatures of the webhooks Redress sends to the host platform. The signed text binds the event
 * id, the timestamp and the exact body, so none can be swapped; the timestamp bounds replays in
 * time and the event id lets the receiver drop a replay inside that window. Verification is the
 * platform's side: examples/platform/verify.ts and docs/WEBHOOKS.md.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'redress-signature';
export const EVENT_ID_HEADER = 'redress-event-id';
export const TIMESTAMP_HEADER = 'redress-timestamp';
export interface SignedHeaders {
  readonly [SIGNATURE_HEADER]: string;
  readonly [EVENT_ID_HEADER]: string;
  readonly [TIMESTAMP_HEADER]: string;
}

function mac(secret: string, eventId: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${eventId}.${timestamp}.${body}`).digest('hex');
}

/**
 * @example
 * const headers = signWebhook('whsec_x', 'evt_1', Math.floor(Date.now() / 1000), '{"type":"item.remove"}');
 */
export function signWebhook(secret: string, eventId: string, timestamp: number, body: string): SignedHeaders {
  return {
    [SIGNATURE_HEADER]: `v1=${mac(secret, eventId, timestamp, body)}`,
    [EVENT_ID_HEADER]: eventId,
    [TIMESTAMP_HEADER]: String(timestamp),
  };
}
