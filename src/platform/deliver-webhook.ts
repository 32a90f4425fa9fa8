/**
 * One attempt to deliver a signed webhook. Whether to try again is the caller's (the job
 * worker's) business; this says whether another attempt could succeed: network errors,
 * time-outs, 408, 429 and 5xx are worth retrying, other 4xx are not (the endpoint refused it).
 */
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

export interface DeliveryResult {
  readonly ok: boolean;
  readonly retryable: boolean;
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export async function deliverWebhook(
  endpoint: WebhookEndpoint,
  event: WebhookEvent,
  nowSeconds: number,
  timeoutMs = 10_000,
): Promise<DeliveryResult> {
  const body = JSON.stringify({ id: event.id, type: event.type, created: nowSeconds, data: event.data });
  const headers = {
    'content-type': 'application/json',
    ...signWebhook(endpoint.secret, event.id, nowSeconds, body),
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual', // a redirect is a misconfigured endpoint, not somewhere to send the event
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    const retryable = !ok && (response.status >= 500 || response.status === 408 || response.status === 429);
    return {
      ok,
      retryable,
      status: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: elapsed(),
    };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const message = timedOut ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { ok: false, retryable: true, status: null, error: message, durationMs: elapsed() };
  }
}
