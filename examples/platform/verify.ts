/**
 * The platform's side of Redress webhooks, self-contained (node:crypto only) so it can be copied
 * into any Node service: check the HMAC-SHA256 signature over `eventId.timestamp.body`, refuse a
 * timestamp more than five minutes off, then let the caller drop event ids it has already applied.
 * See docs/WEBHOOKS.md for the same steps in prose.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Refusal = 'missing-headers' | 'stale-timestamp' | 'bad-signature';

export function verifyDelivery(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): Refusal | null {
  const signature = headers['redress-signature'];
  const eventId = headers['redress-event-id'];
  const timestamp = Number(headers['redress-timestamp']);
  if (typeof signature !== 'string' || typeof eventId !== 'string' || !Number.isInteger(timestamp)) {
    return 'missing-headers';
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'stale-timestamp';
  const mac = createHmac('sha256', secret).update(`${eventId}.${timestamp}.${rawBody}`).digest('hex');
  const expected = Buffer.from(`v1=${mac}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'bad-signature';
}
