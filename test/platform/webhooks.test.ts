/**
 * Webhook signing and one delivery attempt, against a real receiver on loopback (which the
 * operator's list allows, as REDRESS_WEBHOOK_ALLOWED_SUBNETS would). Signatures are checked with
 * the platform-side verifier of the example platform, written independently.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy } from '../../src/platform/address-policy.ts';
import { deliverWebhook } from '../../src/platform/deliver-webhook.ts';
import { verifyDelivery as verifyWebhook } from '../../examples/platform/verify.ts';
import { signWebhook } from '../../src/platform/webhook-signature.ts';

const SECRET = 'whsec_test';
const LOOPBACK_ALLOWED = { rules: { policy: addressPolicy(['127.0.0.1/32']), allowedHosts: [] } };
const NOW = 1_800_000_000;

describe('signWebhook, verified by the platform side', () => {
  const body = '{"type":"item.remove","data":{"item":"42"}}';
  const headers = signWebhook(SECRET, 'evt_1', NOW, body);

  it('accepts an authentic, fresh delivery', () => {
    expect(verifyWebhook(SECRET, { ...headers }, body, NOW + 10)).toBeNull();
  });
  it('rejects a changed body, event id, timestamp or secret', () => {
    expect(verifyWebhook(SECRET, { ...headers }, body.replace('42', '43'), NOW)).toBe('bad-signature');
    expect(verifyWebhook(SECRET, { ...headers, 'redress-event-id': 'evt_2' }, body, NOW)).toBe(
      'bad-signature',
    );
    expect(verifyWebhook(SECRET, { ...headers, 'redress-timestamp': String(NOW + 1) }, body, NOW)).toBe(
      'bad-signature',
    );
    expect(verifyWebhook('whsec_other', { ...headers }, body, NOW)).toBe('bad-signature');
  });
  it('rejects a delivery replayed outside the time window, or without headers', () => {
    expect(verifyWebhook(SECRET, { ...headers }, body, NOW + 301)).toBe('stale-timestamp');
    expect(verifyWebhook(SECRET, {}, body, NOW)).toBe('missing-headers');
  });
});

describe('deliverWebhook', () => {
  let server: http.Server;
  let url: string;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let answer = 200;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (answer === 0) return; // hang: the sender must time out
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const event = { id: 'evt_9', type: 'item.remove', data: { item: 'p-1' } };

  it('sends a body the receiver can verify', async () => {
    answer = 204;
    const result = await deliverWebhook({ url, secret: SECRET }, event, NOW, LOOPBACK_ALLOWED);
    expect(result).toMatchObject({ ok: true, status: 204, retryable: false });
    const last = received.at(-1)!;
    expect(verifyWebhook(SECRET, last.headers, last.body, NOW)).toBeNull();
    expect(JSON.parse(last.body)).toEqual({
      id: 'evt_9',
      type: 'item.remove',
      created: NOW,
      data: { item: 'p-1' },
    });
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [410, false],
  ])('answer %i: retryable %s', async (status, retryable) => {
    answer = status;
    expect(await deliverWebhook({ url, secret: SECRET }, event, NOW, LOOPBACK_ALLOWED)).toMatchObject({
      ok: false,
      retryable,
      status,
    });
  });

  it('times out on a receiver that never answers, retryably', async () => {
    answer = 0;
    const result = await deliverWebhook({ url, secret: SECRET }, event, NOW, {
      ...LOOPBACK_ALLOWED,
      timeoutMs: 200,
    });
    expect(result).toMatchObject({ ok: false, retryable: true, status: null });
    expect(result.error).toBe('WEBHOOK_TIMEOUT');
  });
});
