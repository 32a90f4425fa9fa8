/**
 * A local stand-in for NCMEC's hash-sharing API v2 (a development tool, never shipped), built from
 * the public python-threatexchange client and its sample answers: HTTP basic authentication,
 * `GET /v2/status`, `/v2/members`, `/v2/entries?from=&to=` with `paging/next` links
 * (`start`, `size`, `max`) relative to the environment's base, `/v2/feedback/{TYPE}/reasons`, and
 * `PUT /v2/entries/{member}/{entry}/{TYPE}/feedback`, all in the v2 XML namespace. Entries are
 * images and videos with fingerprints; an update re-stamps an entry, a deletion leaves a
 * `deletedImage`/`deletedVideo` tombstone. The environment may sit under a path (`/hashsharing`).
 *
 * `/_sim/*` (not NCMEC's) lets tests add, update and delete entries.
 *
 *   npm run sim:ncmec -- --port 8182 [--user U --password P]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const NS = 'https://hashsharing.ncmec.org/hashsharing/v2';
export const PAGE_SIZE = 1000;

export interface SimEntry {
  id: string;
  member: { id: number; name: string };
  type: 'image' | 'video';
  classification: string | null;
  fingerprints: Record<string, string>;
  timestamp: number;
  deleted: boolean;
}

export class NcmecSimulator {
  readonly entries = new Map<string, SimEntry>();
  readonly feedback: Array<{ member: string; entry: string; type: string; body: string }> = [];
  readonly requests: string[] = [];
  pageSize = PAGE_SIZE;
  /** Entry pages answer 500 once this many were served (tests of interrupted fetches). */
  failAfterPages: number | null = null;
  private pagesServed = 0;
  private server: http.Server | undefined;
  private lastStamp = 0;

  constructor(
    readonly user = 'sim-user',
    readonly password = 'sim-password',
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  upsert(entry: Omit<SimEntry, 'timestamp' | 'deleted'> & { deleted?: boolean }): SimEntry {
    this.lastStamp = Math.max(this.now(), this.lastStamp);
    const stored = { deleted: false, ...entry, timestamp: this.lastStamp };
    this.entries.delete(entry.id); // an update moves the entry to the end, as a new version
    this.entries.set(entry.id, stored);
    return stored;
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.upsert({ ...entry, deleted: true });
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => xml(res, 500, `<error>${esc(String(error))}</error>`));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const body = await readBody(req);
    if (url.pathname.startsWith('/_sim/')) return this.control(url.pathname, body, res);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const expected = `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="hashsharing"', 'content-type': 'text/plain' });
      res.end('Unauthorized');
      return;
    }
    const path = url.pathname.slice(url.pathname.indexOf('/v2/')); // the environment may have a prefix
    const prefix = url.pathname.slice(0, url.pathname.indexOf('/v2/'));
    if (req.method === 'GET' && path === '/v2/status')
      return xml(
        res,
        200,
        `<status xmlns="${NS}"><ipAddress>127.0.0.1</ipAddress><username>${esc(this.user)}</username><member id="1">Redress Simulator Member</member></status>`,
      );
    if (req.method === 'GET' && path === '/v2/members')
      return xml(
        res,
        200,
        `<members xmlns="${NS}"><member id="1">Redress Simulator Member</member><member id="42">Example Member</member></members>`,
      );
    const reasons = /^\/v2\/feedback\/([A-Z0-9_]+)\/reasons$/.exec(path);
    if (req.method === 'GET' && reasons)
      return xml(
        res,
        200,
        `<feedbackReasons xmlns="${NS}"><availableFeedbackReasons><reason guid="01234567-abcd-0123-4567-012345678900" name="Not the content described" type="${reasons[1]}"/></availableFeedbackReasons></feedbackReasons>`,
      );
    const feedback = /^\/v2\/entries\/(\d+)\/([^/]+)\/([A-Z0-9_]+)\/feedback$/.exec(path);
    if (req.method === 'PUT' && feedback) {
      if (!/^<feedbackSubmission[\s>]/.test(body.replace(/^<\?xml[^>]*>\s*/, '')))
        return xml(res, 400, `<error xmlns="${NS}"><message>feedbackSubmission expected</message></error>`);
      this.feedback.push({ member: feedback[1], entry: feedback[2], type: feedback[3], body });
      return xml(res, 200, `<submissionResult xmlns="${NS}"/>`);
    }
    if (req.method === 'GET' && path === '/v2/entries')
      return this.entriesPage(url.searchParams, prefix, res);
    xml(res, 404, `<error xmlns="${NS}"><message>not found</message></error>`);
  }

  private entriesPage(q: URLSearchParams, _prefix: string, res: http.ServerResponse): void {
    const from = parseDate(q.get('from'));
    const to = parseDate(q.get('to')) ?? this.now();
    if (from === undefined || to === undefined)
      return xml(res, 400, `<error xmlns="${NS}"><message>from and to are ISO-8601 times</message></error>`);
    if (this.failAfterPages !== null && this.pagesServed >= this.failAfterPages)
      return xml(res, 500, `<error xmlns="${NS}"><message>internal error</message></error>`);
    this.pagesServed++;
    const inRange = [...this.entries.values()].filter((e) => e.timestamp >= from && e.timestamp <= to);
    const start = Number(q.get('start') ?? 1);
    const size = Number(q.get('size') ?? this.pageSize);
    const page = inRange.slice(start - 1, start - 1 + size);
    const max = inRange.length;
    const group = (type: 'image' | 'video', tag: string) => {
      const items = page.filter((e) => e.type === type);
      if (items.length === 0) return `<${tag} count="0"/>`;
      const maxTs = Math.max(...items.map((e) => e.timestamp));
      return `<${tag} count="${items.length}" maxTimestamp="${iso(maxTs)}">${items.map(entryXml).join('')}</${tag}>`;
    };
    const nextStart = start + page.length;
    const next =
      nextStart <= max
        ? `<paging><next>${esc(`/v2/entries?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}&start=${nextStart}&size=${size}&max=${max}`)}</next></paging>`
        : '';
    xml(
      res,
      200,
      `<queryResult xmlns="${NS}">${group('image', 'images')}${group('video', 'videos')}${next}</queryResult>`,
    );
  }

  private control(path: string, body: string, res: http.ServerResponse): void {
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (path === '/_sim/entries')
      return void xml(res, 200, `<ok id="${esc(this.upsert(json as never).id)}"/>`);
    if (path === '/_sim/delete') return (this.delete(String(json.id)), xml(res, 200, '<ok/>'));
    xml(res, 404, '<error/>');
  }
}

function entryXml(e: SimEntry): string {
  const tag = e.deleted ? `deleted${e.type[0].toUpperCase()}${e.type.slice(1)}` : e.type;
  const member = `<member id="${e.member.id}">${esc(e.member.name)}</member>`;
  const head = `${member}<timestamp>${iso(e.timestamp)}</timestamp><id>${esc(e.id)}</id>`;
  if (e.deleted) return `<${tag}>${head}</${tag}>`;
  const prints = Object.entries(e.fingerprints)
    .map(([k, v]) => `<${k}>${esc(v)}</${k}>`)
    .join('');
  const cls = e.classification ? `<classification>${esc(e.classification)}</classification>` : '';
  return `<${tag}>${head}${cls}<fingerprints>${prints}</fingerprints><feedback/></${tag}>`;
}

const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function parseDate(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xml(res: http.ServerResponse, status: number, body: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
  res.writeHead(status, {
    'content-type': 'application/xml; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
