/**
 * A local stand-in for StopNCII.org's partner API (a development tool, never shipped), built from
 * the public python-threatexchange client: the same paths (`/v1/FetchHashes`, `/v1/SubmitFeedback`,
 * `/v1/SubmitHashes`), headers (`Ocp-Apim-Subscription-Key` for the gateway, `x-functions-key` per
 * endpoint), field names, paging (`startTimestamp`, `pageSize`, an opaque `nextPageToken`,
 * `hasMoreRecords`, `nextSetTimestamp` as the checkpoint) and error shapes (the gateway's JSON 401,
 * the function host's empty 401, JSON 400s).
 *
 * Records are aggregates per (signalType, hashValue): cases with their own statuses, the aggregate
 * status, and the feedback partners gave. Paging is keyset over (lastModtimestamp, signalType,
 * hashValue) within a set fixed when its first page was asked for, so records changed while a
 * partner pages through are seen in this set or the next, never skipped.
 *
 * Besides the real API it answers `/_sim/*` for tests and demos: add or change a hash, read the
 * feedback received, make FetchHashes fail after some pages.
 *
 *   npm run sim:stopncii -- --port 8181 --seed hashes.csv     (lines: signalType,hashValue,status)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SIGNAL_TYPES = ['Unknown', 'ImagePDQ', 'VideoMD5', 'VideoTMK', 'Text', 'URL'] as const;
export const CASE_STATUSES = ['Unknown', 'Received', 'Active', 'Withdrawn', 'Deleted'] as const;
export const FEEDBACK_VALUES = [
  'Unknown',
  'None',
  'QualityUnknown',
  'PendingReview',
  'Blocked',
  'NotBlocked',
  'Withdrawn',
  'Deleted',
] as const;
type CaseStatus = (typeof CASE_STATUSES)[number];

export interface SimRecord {
  lastModtimestamp: number;
  signalType: string;
  hashValue: string;
  hashStatus: CaseStatus;
  caseNumbers: Record<string, CaseStatus>;
  CSPFeedbacks: Array<{ feedbackValue: string; tags: string[]; source: string }>;
}

export interface SimKeys {
  subscription: string;
  fetch: string;
  feedback: string;
  submit: string;
}

export const DEFAULT_KEYS: SimKeys = {
  subscription: 'sim-subscription',
  fetch: 'sim-fetch',
  feedback: 'sim-feedback',
  submit: 'sim-submit',
};

/** What a partner sent to SubmitFeedback or SubmitHashes, in arrival order. */
export interface ReceivedCall {
  endpoint: 'SubmitFeedback' | 'SubmitHashes';
  body: unknown;
}

const MAX_PAGE = 1000;
const TOKEN_LIFETIME_S = 3600;

export class StopNCIISimulator {
  readonly records = new Map<string, SimRecord>();
  readonly received: ReceivedCall[] = [];
  /** The query of every FetchHashes call, in order. */
  readonly fetchLog: Array<Record<string, string>> = [];
  private caseSeq = 0;
  private lastStamp = 0;
  /** FetchHashes answers 500 once this many pages were served (tests of interrupted fetches). */
  failAfterPages: number | null = null;
  /** Every API call answers 503 while set (an outage, for retry tests). */
  outage = false;
  pagesServed = 0;
  private server: http.Server | undefined;
  /** Where it listens, once it does. */
  base = '';

  constructor(
    readonly keys: SimKeys = DEFAULT_KEYS,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Adds a case for the hash (or changes every case of it, for Withdrawn/Deleted). */
  setHash(signalType: string, hashValue: string, status: CaseStatus): SimRecord {
    if (!SIGNAL_TYPES.includes(signalType as never)) throw new Error(`unknown signal type ${signalType}`);
    if (!CASE_STATUSES.includes(status)) throw new Error(`unknown status ${status}`);
    const key = `${signalType}:${hashValue.toLowerCase()}`;
    const record = this.records.get(key) ?? {
      lastModtimestamp: 0,
      signalType,
      hashValue: hashValue.toLowerCase(),
      hashStatus: status,
      caseNumbers: {},
      CSPFeedbacks: [],
    };
    if (status === 'Withdrawn' || status === 'Deleted') {
      for (const c of Object.keys(record.caseNumbers)) record.caseNumbers[c] = status;
      if (Object.keys(record.caseNumbers).length === 0) record.caseNumbers[this.nextCase()] = status;
    } else {
      record.caseNumbers[this.nextCase()] = status;
    }
    record.hashStatus = aggregate(record.caseNumbers);
    this.touch(record);
    this.records.set(key, record);
    return record;
  }

  /** Reads `signalType,hashValue,status` lines (blank lines and `#` comments skipped). */
  seed(text: string): void {
    text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const [signalType, hashValue, status = 'Active', ...rest] = line.split(',').map((s) => s.trim());
      if (!hashValue || rest.length > 0) throw new Error(`seed line ${i + 1}: signalType,hashValue,status`);
      this.setHash(signalType, hashValue, status as CaseStatus);
    });
  }

  private nextCase(): string {
    this.caseSeq++;
    return `SNCII-${String(this.caseSeq).padStart(6, '0')}`;
  }

  /** Stamps a change; stamps never go backwards, so a checkpoint never skips a change. */
  private touch(record: SimRecord): void {
    this.lastStamp = Math.max(this.now(), this.lastStamp);
    record.lastModtimestamp = this.lastStamp;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        send(res, 500, { statusCode: 500, message: String(error) });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.base = `http://${host}:${address.port}`;
    return this.base;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const body = req.method === 'POST' ? await readBody(req) : '';
    if (url.pathname.startsWith('/_sim/')) return this.control(url, req.method ?? 'GET', body, res);
    const endpoint = /^\/v1\/(FetchHashes|SubmitFeedback|SubmitHashes)$/.exec(url.pathname)?.[1];
    if (!endpoint) return send(res, 404, { statusCode: 404, message: 'Resource not found' });
    if (this.outage) return send(res, 503, { statusCode: 503, message: 'Service Unavailable' });
    // The API gateway checks the subscription, then the function host checks its own key.
    const subscription = req.headers['ocp-apim-subscription-key'];
    if (!subscription)
      return send(res, 401, {
        statusCode: 401,
        message:
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      });
    if (subscription !== this.keys.subscription)
      return send(res, 401, {
        statusCode: 401,
        message:
          'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
      });
    const functionKey = { FetchHashes: this.keys.fetch, SubmitFeedback: this.keys.feedback }[endpoint];
    if (req.headers['x-functions-key'] !== (functionKey ?? this.keys.submit)) return send(res, 401, null);
    if (endpoint === 'FetchHashes') {
      if (req.method !== 'GET') return send(res, 405, { statusCode: 405, message: 'Method not allowed' });
      return this.fetchHashes(url.searchParams, res);
    }
    if (req.method !== 'POST') return send(res, 405, { statusCode: 405, message: 'Method not allowed' });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return send(res, 400, { statusCode: 400, message: 'The request body is not valid JSON.' });
    }
    return endpoint === 'SubmitFeedback' ? this.submitFeedback(json, res) : this.submitHashes(json, res);
  }

  private fetchHashes(params: URLSearchParams, res: http.ServerResponse): void {
    this.fetchLog.push(Object.fromEntries(params));
    const pageSize = Number(params.get('pageSize') ?? 800);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE)
      return send(res, 400, { statusCode: 400, message: `pageSize must be between 1 and ${MAX_PAGE}.` });
    let cursor: Cursor;
    const token = params.get('nextPageToken');
    if (token) {
      const parsed = readToken(token, this.now());
      if (!parsed)
        return send(res, 400, { statusCode: 400, message: 'nextPageToken is invalid or has expired.' });
      cursor = parsed;
    } else {
      const start = Number(params.get('startTimestamp') ?? 0);
      if (!Number.isInteger(start) || start < 0)
        return send(res, 400, { statusCode: 400, message: 'startTimestamp must be a Unix time in seconds.' });
      cursor = {
        start,
        upTo: Math.max(this.lastStamp, this.now()),
        afterTs: -1,
        afterKey: '',
        issued: this.now(),
      };
    }
    if (this.failAfterPages !== null && this.pagesServed >= this.failAfterPages)
      return send(res, 500, { statusCode: 500, message: 'Internal server error' });
    const set = [...this.records.entries()]
      .filter(([, r]) => r.lastModtimestamp >= cursor.start && r.lastModtimestamp <= cursor.upTo)
      .sort(([ka, a], [kb, b]) => a.lastModtimestamp - b.lastModtimestamp || ka.localeCompare(kb));
    const rest = set.filter(
      ([k, r]) =>
        r.lastModtimestamp > cursor.afterTs || (r.lastModtimestamp === cursor.afterTs && k > cursor.afterKey),
    );
    const page = rest.slice(0, pageSize);
    const more = rest.length > page.length;
    const last = page[page.length - 1];
    this.pagesServed++;
    send(res, 200, {
      count: page.length,
      nextPageToken: more
        ? writeToken({ ...cursor, afterTs: last[1].lastModtimestamp, afterKey: last[0] })
        : null,
      nextSetTimestamp: cursor.upTo,
      hasMoreRecords: more,
      hashRecords: page.map(([, r]) => r),
    });
  }

  private submitFeedback(json: unknown, res: http.ServerResponse): void {
    const body = json as { count?: unknown; hashFeedbacks?: unknown };
    if (!Array.isArray(body?.hashFeedbacks) || body.count !== body.hashFeedbacks.length)
      return send(res, 400, {
        statusCode: 400,
        message: 'count and hashFeedbacks are required and must agree.',
      });
    for (const f of body.hashFeedbacks as Array<Record<string, unknown>>) {
      if (typeof f?.hashValue !== 'string' || !FEEDBACK_VALUES.includes(f.feedbackValue as never))
        return send(res, 400, {
          statusCode: 400,
          message: 'Each feedback needs hashValue and a feedbackValue.',
        });
      if (![...this.records.values()].some((r) => r.hashValue === String(f.hashValue).toLowerCase()))
        return send(res, 400, { statusCode: 400, message: `Unknown hashValue ${String(f.hashValue)}.` });
    }
    this.received.push({ endpoint: 'SubmitFeedback', body });
    for (const f of body.hashFeedbacks as Array<{
      hashValue: string;
      feedbackValue: string;
      tags?: string[];
    }>) {
      for (const r of this.records.values()) {
        if (r.hashValue !== f.hashValue.toLowerCase()) continue;
        r.CSPFeedbacks = r.CSPFeedbacks.filter((c) => c.source !== 'partner');
        r.CSPFeedbacks.push({ feedbackValue: f.feedbackValue, tags: f.tags ?? [], source: 'partner' });
        this.touch(r);
      }
    }
    send(res, 200, { count: body.count });
  }

  private submitHashes(json: unknown, res: http.ServerResponse): void {
    const body = json as { count?: unknown; hashRecords?: unknown };
    if (!Array.isArray(body?.hashRecords) || body.count !== body.hashRecords.length)
      return send(res, 400, {
        statusCode: 400,
        message: 'count and hashRecords are required and must agree.',
      });
    const records = body.hashRecords as Array<Record<string, unknown>>;
    // The reference client writes the enum's str() ("StopNCIISignalType.ImagePDQ"): take the last part.
    const typeOf = (r: Record<string, unknown>) =>
      String(r.signalType ?? '')
        .split('.')
        .pop()!;
    if (records.some((r) => !SIGNAL_TYPES.includes(typeOf(r) as never) || typeof r.hashValue !== 'string'))
      return send(res, 400, { statusCode: 400, message: 'Each record needs a signalType and a hashValue.' });
    this.received.push({ endpoint: 'SubmitHashes', body });
    for (const r of records) {
      const record = this.setHash(typeOf(r), String(r.hashValue), 'Active');
      const feedbacks = Array.isArray(r.CSPFeedbacks)
        ? (r.CSPFeedbacks as Array<Record<string, unknown>>)
        : [];
      for (const f of feedbacks)
        record.CSPFeedbacks.push({
          feedbackValue: String(f.feedbackValue ?? 'None'),
          tags: Array.isArray(f.tags) ? f.tags.map(String) : [],
          source: 'partner',
        });
    }
    send(res, 200, { count: records.length });
  }

  private control(url: URL, method: string, body: string, res: http.ServerResponse): void {
    if (url.pathname === '/_sim/hashes' && method === 'POST') {
      const { signalType, hashValue, status } = JSON.parse(body) as Record<string, string>;
      return send(res, 200, this.setHash(signalType, hashValue, (status ?? 'Active') as CaseStatus));
    }
    if (url.pathname === '/_sim/received') return send(res, 200, this.received);
    if (url.pathname === '/_sim/outage' && method === 'POST') {
      this.outage = (JSON.parse(body) as { outage: boolean }).outage;
      return send(res, 200, { outage: this.outage });
    }
    if (url.pathname === '/_sim/fail' && method === 'POST') {
      const { afterPages } = JSON.parse(body) as { afterPages: number | null };
      this.failAfterPages = afterPages;
      this.pagesServed = 0;
      return send(res, 200, { afterPages });
    }
    send(res, 404, { statusCode: 404, message: 'Resource not found' });
  }
}

function aggregate(cases: Record<string, CaseStatus>): CaseStatus {
  const all = Object.values(cases);
  if (all.includes('Active')) return 'Active';
  if (all.includes('Received')) return 'Received';
  if (all.length > 0 && all.every((s) => s === 'Deleted')) return 'Deleted';
  return all.includes('Withdrawn') ? 'Withdrawn' : 'Unknown';
}

interface Cursor {
  start: number;
  upTo: number;
  afterTs: number;
  afterKey: string;
  issued: number;
}

function writeToken(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function readToken(token: string, now: number): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString()) as Cursor;
    if (![c.start, c.upTo, c.afterTs, c.issued].every(Number.isInteger) || typeof c.afterKey !== 'string')
      return undefined;
    return now - c.issued > TOKEN_LIFETIME_S ? undefined : c;
  } catch {
    return undefined;
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (body === null) {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
