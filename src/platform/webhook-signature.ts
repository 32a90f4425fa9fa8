/**
 * Signatures of the webhooks Redress sends to the host platform, and their verification (the
 * platform side runs the same few lines; see docs/WEBHOOKS.md). The signed text binds the event
 * id, the timestamp and the exact body, so none can be swapped; the timestamp bounds replays
 * in time and the event id lets the receiver drop a replay inside that window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'redress-signature';
export const EVENT_ID_HEADER = 'redress-event-id';
export const TIMESTAMP_HEADER = 'redress-timestamp';
/** How far a delivery's timestamp may be from the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

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

export type VerifyFailure = 'missing-headers' | 'stale-timestamp' | 'bad-signature';

/**
 * Checks a received delivery; returns null when it is authentic and fresh, else why not.
 *
 * @example
 * verifyWebhook('whsec_x', headers, body, Math.floor(Date.now() / 1000)); // null when valid
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyFailure | null {
  const signature = headers[SIGNATURE_HEADER];
  const eventId = headers[EVENT_ID_HEADER];
  const timestamp = Number(headers[TIMESTAMP_HEADER]);
  if (typeof signature !== 'string' || typeof eventId !== 'string' || !Number.isInteger(timestamp)) {
    return 'missing-headers';
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'stale-timestamp';
  const expected = Buffer.from(`v1=${mac(secret, eventId, timestamp, body)}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'bad-signature';
}
