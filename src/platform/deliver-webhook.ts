/**
 * One attempt to deliver a signed webhook. Whether to try again is the caller's (the job
 * worker's) business; this says whether another attempt could succeed: network errors,
 * time-outs, 408, 429 and 5xx are worth retrying, other 4xx are not (the endpoint refused it).
 *
 * The endpoint's address is checked on every attempt, as media fetches are (the same address
 * policy): its host is resolved, every answer must be public or in the operator's list, and the
 * connection goes to the checked address, so a DNS answer that changes after registration cannot
 * point a signed event at an internal service. Failures are recorded as stable codes, never as
 * the network's own message (which would name the internal address that answered or not).
 */
import http from 'node:http';
import https from 'node:https';
import { FetchError, resolvePinned } from './fetch-media.ts';
import type { TargetRules } from './fetch-media.ts';
import { signWebhook } from './webhook-signature.ts';

export interface WebhookEndpoint {
  readonly url: string;
  readonly secret: string;
}

export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** What a delivery log shows of a failed attempt (besides `HTTP <status>`). */
export type DeliveryErrorCode = 'WEBHOOK_ADDRESS_REFUSED' | 'WEBHOOK_UNREACHABLE' | 'WEBHOOK_TIMEOUT';

export interface DeliveryResult {
  readonly ok: boolean;
  readonly retryable: boolean;
  readonly status: number | null;
  readonly error: DeliveryErrorCode | `HTTP ${number}` | null;
  readonly durationMs: number;
}

export interface DeliveryOptions {
  /** Where deliveries may go (REDRESS_WEBHOOK_ALLOWED_HOSTS / _SUBNETS). */
  readonly rules: TargetRules;
  readonly timeoutMs?: number;
}

export async function deliverWebhook(
  endpoint: WebhookEndpoint,
  event: WebhookEvent,
  nowSeconds: number,
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const body = JSON.stringify({ id: event.id, type: event.type, created: nowSeconds, data: event.data });
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'Redress',
    ...signWebhook(endpoint.secret, event.id, nowSeconds, body),
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: DeliveryErrorCode, retryable: boolean): DeliveryResult => ({
    ok: false,
    retryable,
    status: null,
    error,
    durationMs: elapsed(),
  });
  let target: Awaited<ReturnType<typeof resolvePinned>>;
  try {
    target = await resolvePinned(endpoint.url, options.rules);
  } catch (error) {
    // Refused by the policy: no retry can fix that, the endpoint must be changed.
    const refused = error instanceof FetchError && error.code === 'FETCH_REFUSED';
    return refused ? failed('WEBHOOK_ADDRESS_REFUSED', false) : failed('WEBHOOK_UNREACHABLE', true);
  }
  const status = await post(target, headers, body, timeoutMs);
  if (typeof status !== 'number') return failed(status, true);
  const ok = status >= 200 && status < 300;
  // A redirect is a misconfigured endpoint, not somewhere to send the event: it is not followed.
  const retryable = !ok && (status >= 500 || status === 408 || status === 429);
  return { ok, retryable, status, error: ok ? null : `HTTP ${status}`, durationMs: elapsed() };
}

/** POSTs to the pinned address; the answer's status, or why there was none. */
function post(
  target: Awaited<ReturnType<typeof resolvePinned>>,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number | 'WEBHOOK_TIMEOUT' | 'WEBHOOK_UNREACHABLE'> {
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: number | 'WEBHOOK_TIMEOUT' | 'WEBHOOK_UNREACHABLE') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(value);
    };
    const request = client.request(target.url, { method: 'POST', headers, lookup: target.lookup });
    const timer = setTimeout(() => settle('WEBHOOK_TIMEOUT'), timeoutMs);
    request.on('error', () => settle('WEBHOOK_UNREACHABLE'));
    request.on('response', (response) => {
      response.resume(); // the answer's body is not needed
      settle(response.statusCode ?? 0);
    });
    request.end(body);
  });
}
