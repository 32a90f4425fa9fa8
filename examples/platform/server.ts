/**
 * A small example platform that integrates with Redress, used by the end-to-end tests and as a
 * starting point for real integrations. It stores uploads in memory and:
 * - checks every upload with `POST /api/v1/check` before accepting it (stay-down) and registers
 *   accepted ones with `POST /api/v1/content` (the registry copy sweeps search);
 * - serves media at `/media/:id`, answering 410 Gone once an item is hidden (what Redress's
 *   removal verification expects);
 * - receives signed webhooks at `/webhooks/redress`: verifies them, applies each event id once,
 *   and per item ignores events older than the last one applied, so replays and out-of-order
 *   deliveries have no effect.
 * Test hooks (`failNext`) make it answer errors or stall, to exercise Redress's retries.
 *
 * Run it by hand: REDRESS_URL=http://127.0.0.1:8080 REDRESS_KEY=rk_... npx tsx examples/platform/server.ts
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyDelivery } from './verify.ts';

export interface PlatformItem {
  id: string;
  uploader: string;
  bytes: Buffer;
  hidden: boolean;
  /** `created` of the last event applied to this item. */
  lastEvent: number;
}

export interface ExamplePlatform {
  readonly url: string;
  readonly items: Map<string, PlatformItem>;
  /** Every webhook received (also refused or repeated ones), in order. */
  readonly received: Array<{ status: number; eventId: string | undefined; type: string | undefined }>;
  /** Events applied (each id once). */
  readonly applied: string[];
  setSecret(secret: string): void;
  /** The next `count` webhook deliveries answer `status`, or never answer when status is 'stall'. */
  failNext(count: number, status: number | 'stall'): void;
  close(): Promise<void>;
}

export async function startExamplePlatform(options: {
  redressUrl: string;
  apiKey: string;
}): Promise<ExamplePlatform> {
  const items = new Map<string, PlatformItem>();
  const received: ExamplePlatform['received'] = [];
  const applied: string[] = [];
  const seen = new Set<string>();
  let secret = '';
  let failures: Array<number | 'stall'> = [];
  const stalled: http.ServerResponse[] = [];
  let base = '';

  async function redress(
    path: string,
    body: Buffer | object,
    query = '',
  ): Promise<{ status: number; json: Answer }> {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(`${options.redressUrl}${path}${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        'content-type': raw ? 'application/octet-stream' : 'application/json',
      },
      body: raw ? new Uint8Array(body) : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Answer };
  }

  async function upload(id: string, uploader: string, bytes: Buffer, res: http.ServerResponse) {
    const query = `?platformItemId=${encodeURIComponent(id)}&uploaderId=${encodeURIComponent(uploader)}`;
    const check = await redress('/api/v1/check', bytes, query);
    if (check.status !== 200) return send(res, 502, { error: 'check failed', detail: check.json });
    if (check.json.verdict === 'block') return send(res, 403, { blocked: true, matches: check.json.matches });
    items.set(id, { id, uploader, bytes, hidden: false, lastEvent: 0 });
    const url = `${base}/media/${encodeURIComponent(id)}`;
    await redress('/api/v1/content', {
      platformItemId: id,
      url,
      uploaderId: uploader,
      mediaBase64: bytes.toString('base64'),
    });
    // 'review' uploads go up but would be queued for the platform's own moderators.
    return send(res, 201, { id, url, verdict: check.json.verdict });
  }

  function webhook(headers: http.IncomingHttpHeaders, body: string, res: http.ServerResponse) {
    const eventId = headers['redress-event-id'] as string | undefined;
    const event = safeJson(body);
    const record = (status: number) => received.push({ status, eventId, type: event?.type });
    const failure = failures.shift();
    if (failure === 'stall') {
      record(0);
      stalled.push(res);
      return;
    }
    if (failure !== undefined) {
      record(failure);
      return send(res, failure, { error: 'simulated failure' });
    }
    const refusal = verifyDelivery(secret, headers, body);
    if (refusal || !event) {
      record(401);
      return send(res, 401, { error: refusal ?? 'bad body' });
    }
    record(200);
    if (seen.has(event.id)) return send(res, 200, { duplicate: true });
    seen.add(event.id);
    const item = items.get(String(event.data?.platformItemId));
    if (item && event.created >= item.lastEvent) {
      if (event.type === 'item.remove') item.hidden = true;
      if (event.type === 'item.restore') item.hidden = false;
      item.lastEvent = event.created;
    }
    applied.push(event.id);
    return send(res, 200, { ok: true });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://platform.local');
      const body = Buffer.concat(chunks);
      const media = /^\/media\/(.+)$/.exec(url.pathname);
      if (req.method === 'POST' && url.pathname === '/upload') {
        const id = url.searchParams.get('id') ?? `post-${items.size + 1}`;
        upload(id, url.searchParams.get('uploader') ?? 'anonymous', body, res).catch((e: unknown) =>
          send(res, 500, { error: String(e) }),
        );
      } else if (req.method === 'POST' && url.pathname === '/webhooks/redress') {
        webhook(req.headers, body.toString('utf8'), res);
      } else if ((req.method === 'GET' || req.method === 'HEAD') && media) {
        const item = items.get(decodeURIComponent(media[1]));
        if (!item) return send(res, 404, { error: 'no such item' });
        if (item.hidden) return send(res, 410, { error: 'removed' });
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(item.bytes);
      } else send(res, 404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    items,
    received,
    applied,
    setSecret: (s) => (secret = s),
    failNext: (count, status) => (failures = [...failures, ...Array<number | 'stall'>(count).fill(status)]),
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

interface Answer {
  verdict?: 'block' | 'review' | 'allow';
  matches?: unknown[];
}

interface IncomingEvent {
  id: string;
  type: string;
  created: number;
  data?: { platformItemId?: string };
}

function safeJson(text: string): IncomingEvent | null {
  try {
    return JSON.parse(text) as IncomingEvent;
  } catch {
    return null;
  }
}
