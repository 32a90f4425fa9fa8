/**
 * What an operator watches, on both databases: `/api/ready` and `/metrics` report the bank
 * index, the worker's heartbeat, the outbox, requests per escalation stage and overdue; a
 * stalled worker and overdue requests raise alerts; readiness fails without a database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { judgeOperationalStatus } from '../../src/domain/operational-status.ts';
import { buildApp } from '../../src/http/app.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { bearer, fixture } from '../copies/support.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123';
const opened: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

async function openNode(kind: (typeof DATABASES)[number], clock: ManualClock, extraEnv = {}) {
  const harness = await openTestRuntime(kind, {
    clock,
    extraEnv: { REDRESS_METRICS_TOKEN: METRICS_TOKEN, ...extraEnv },
  });
  const app = await buildApp(harness.rt);
  opened.push(async () => {
    await app.close();
    await harness.close();
  });
  await harness.rt.stayDown.index.ready();
  return { ...harness, app };
}

describe('readiness, judged from facts', () => {
  const snapshot = {
    lastWorkerBeatAt: '2026-10-01T00:00:00.000Z',
    dueJobs: 0,
    oldestDueJobAt: null,
    failedJobs: 0,
    emailsWaiting: 0,
    cybertiplineWaiting: 0,
    openRequests: 0,
    overdueRequests: 0,
    openByStage: {},
    bankChangeSeq: 10,
  };
  const now = new Date('2026-10-01T00:00:30.000Z');

  it('is not ready while the bank index loads or the database does not answer', () => {
    const index = { loaded: true, hashes: 5, appliedSeq: 7 };
    expect(judgeOperationalStatus({ database: snapshot, index }, now).ready).toBe(true);
    expect(judgeOperationalStatus({ database: snapshot, index }, now).checks.bankIndex.behind).toBe(3);
    expect(
      judgeOperationalStatus({ database: snapshot, index: { ...index, loaded: false } }, now).ready,
    ).toBe(false);
    expect(judgeOperationalStatus({ database: null, index }, now)).toMatchObject({
      ready: false,
      checks: { database: 'unreachable' },
    });
  });

  it('stays ready but raises alerts for a silent worker and overdue requests', () => {
    const later = new Date('2026-10-01T00:05:00.000Z');
    const status = judgeOperationalStatus(
      { database: { ...snapshot, overdueRequests: 2 }, index: { loaded: true, hashes: 0, appliedSeq: 10 } },
      later,
    );
    expect(status.ready).toBe(true);
    expect(status.checks.worker).toEqual({ status: 'stalled', lastBeatAgeSeconds: 300 });
    expect(status.alerts).toEqual(['requests_overdue', 'worker_stalled']);
  });
});

describe.each(DATABASES)('operations endpoints on %s', (kind) => {
  it('reports the worker heartbeat, backlog and overdue requests, and alerts when the worker stalls', async () => {
    const clock = new ManualClock('2026-10-01T00:00:00.000Z');
    const { rt, app } = await openNode(kind, clock);
    const before = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(before.statusCode).toBe(200);
    expect(before.json().checks.worker.status).toBe('none');

    await submitRequest(
      { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock },
      completeRequest(),
    );
    const worker = rt.createWorker();
    await worker.tick(true);
    const fresh = (await app.inject({ method: 'GET', url: '/api/ready' })).json();
    expect(fresh.checks.worker.status).toBe('ok');
    expect(fresh.checks.requests).toMatchObject({ open: 1, overdue: 0 });
    expect(fresh.alerts).toEqual([]);

    clock.advanceHours(49);
    await rt.sweep();
    const late = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(late.statusCode).toBe(200);
    expect(late.json().checks.requests.overdue).toBe(1);
    expect(late.json().checks.requests.byStage).toMatchObject({ triage: 1, overdue: 1 });
    expect(late.json().checks.worker.status).toBe('stalled');
    expect(late.json().alerts).toEqual(expect.arrayContaining(['requests_overdue', 'worker_stalled']));
  });

  it('fails readiness with 503 when the database is gone', async () => {
    const clock = new ManualClock('2026-10-02T00:00:00.000Z');
    const { rt, app } = await openNode(kind, clock);
    await rt.database.close();
    const answer = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json().checks.database).toBe('unreachable');
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('Prometheus metrics', () => {
  it('are off without a token setting and refuse a wrong token', async () => {
    const clock = new ManualClock('2026-10-03T00:00:00.000Z');
    const off = await openNode('sqlite', clock, { REDRESS_METRICS_TOKEN: '' });
    expect((await off.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const on = await openNode('sqlite', clock);
    const wrong = await on.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN.replace('0', '1')}` },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('count requests by route and status, check verdicts, and read the operational gauges', async () => {
    const clock = new ManualClock('2026-10-04T00:00:00.000Z');
    const { rt, app } = await openNode('sqlite', clock);
    await app.inject({ method: 'GET', url: '/api/v1/staff/queue' });
    const platform = await bearer(rt, 'platform');
    const check = await app.inject({
      method: 'POST',
      url: '/api/v1/check',
      headers: { ...platform, 'content-type': 'image/jpeg' },
      payload: fixture('bridge-mods', 'aaa-orig.jpg'),
    });
    expect(check.json().verdict).toBe('allow');
    await submitRequest(
      { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock },
      completeRequest(),
    );
    clock.advanceHours(49);
    const scrape = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    const text = scrape.body;
    expect(text).toMatch(
      /redress_http_requests_total\{method="GET",route="\/api\/v1\/staff\/queue",status="401"\} 1/,
    );
    expect(text).toMatch(/redress_check_verdicts_total\{verdict="allow"\} 1\n/);
    expect(text).toMatch(/redress_requests_open 1\n/);
    expect(text).toMatch(/redress_requests_overdue 1\n/);
    expect(text).toMatch(/redress_ready 1\n/);
    expect(text).toMatch(/redress_process_resident_memory_bytes \d+/);
    expect(text).toMatch(
      /redress_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/staff\/queue"\}/,
    );
  });
});

describe('behind a reverse proxy', () => {
  async function intakeStatuses(trustProxy: string) {
    const clock = new ManualClock('2026-10-05T00:00:00.000Z');
    const { app } = await openNode('sqlite', clock, {
      REDRESS_INTAKE_RATE_LIMIT: '2',
      REDRESS_TRUST_PROXY: trustProxy,
    });
    const send = (client: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
        payload: completeRequest(),
      });
    const statuses = [];
    for (const client of ['203.0.113.5', '203.0.113.5', '203.0.113.5', '198.51.100.7']) {
      statuses.push((await send(client)).statusCode);
    }
    return statuses;
  }

  it('limits each client the trusted proxy names, not the proxy itself', async () => {
    expect(await intakeStatuses('127.0.0.1')).toEqual([201, 201, 429, 201]);
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    expect(await intakeStatuses('')).toEqual([201, 201, 429, 429]);
  });
});
