/**
 * Prometheus metrics of one node: HTTP traffic by route and status, latency histograms (the
 * upload check's among them), check verdicts, process figures (RSS, event-loop lag), and at each
 * scrape the operational snapshot: bank index size and lag, the outbox, requests per escalation
 * stage and overdue, emails waiting, the worker's heartbeat. Each app has its own registry, so
 * several apps in one process (tests) never share counters.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OperationalStatus } from '../../../domain/operational-status.ts';

const CHECK_ROUTE = '/api/v1/check';

type Reading = [name: string, help: string, read: (s: OperationalStatus) => number];

const READINGS: Reading[] = [
  ['redress_ready', '1 when this node may take traffic (database and bank index).', (s) => +s.ready],
  ['redress_database_up', '1 when the database answers.', (s) => +(s.checks.database === 'ok')],
  ['redress_bank_index_hashes', "Hashes in this node's bank index.", (s) => s.checks.bankIndex.hashes],
  [
    'redress_bank_index_behind',
    "Bank changes committed but not yet applied to this node's index.",
    (s) => s.checks.bankIndex.behind,
  ],
  ['redress_jobs_due', 'Outbox jobs due and not yet run.', (s) => s.checks.jobs.due],
  [
    'redress_jobs_oldest_due_age_seconds',
    'Age of the oldest due job, 0 when none is due.',
    (s) => s.checks.jobs.oldestDueAgeSeconds ?? 0,
  ],
  ['redress_jobs_failed', 'Jobs that failed for good (out of retries).', (s) => s.checks.jobs.failed],
  ['redress_emails_waiting', 'Emails queued and not yet sent.', (s) => s.checks.emailsWaiting],
  [
    'redress_cybertipline_waiting',
    "Minors' cases whose CyberTipline report is not yet accepted.",
    (s) => s.checks.cybertiplineWaiting,
  ],
  ['redress_requests_open', 'Open removal requests.', (s) => s.checks.requests.open],
  [
    'redress_requests_overdue',
    'Open removal requests past their 48-hour deadline.',
    (s) => s.checks.requests.overdue,
  ],
  [
    'redress_worker_heartbeat_age_seconds',
    'Seconds since any worker last ran a pass; -1 when no worker ever ran.',
    (s) => s.checks.worker.lastBeatAgeSeconds ?? -1,
  ],
];

export interface NodeMetrics {
  /** Counts every answer of the app by route; call before routes are added. */
  observe(app: FastifyInstance): void;
  /** The exposition text, with the operational gauges read now. */
  render(status: OperationalStatus): Promise<string>;
  readonly contentType: string;
}

export function createNodeMetrics(): NodeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'redress_' });
  const registers = [registry];
  const requests = new Counter({
    name: 'redress_http_requests_total',
    help: 'HTTP requests by method, route and status code.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const latency = new Histogram({
    name: 'redress_http_request_duration_seconds',
    help: 'HTTP request latency by method and route; the upload check is route /api/v1/check.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const verdicts = new Counter({
    name: 'redress_check_verdicts_total',
    help: 'Upload checks answered, by verdict (block, review, allow).',
    labelNames: ['verdict'],
    registers,
  });
  const gauges = READINGS.map(([name, help, read]) => ({
    gauge: new Gauge({ name, help, registers }),
    read,
  }));
  const stages = new Gauge({
    name: 'redress_requests_escalation_stage',
    help: 'Open removal requests that have reached each escalation stage.',
    labelNames: ['stage'],
    registers,
  });

  return {
    contentType: registry.contentType,
    observe(app) {
      app.addHook('onSend', async (request, reply, payload) => {
        // The verdict is read off the answer so the check route stays a plain face.
        if (
          request.routeOptions.url === CHECK_ROUTE &&
          reply.statusCode === 200 &&
          typeof payload === 'string'
        ) {
          const verdict = (JSON.parse(payload) as { verdict?: unknown }).verdict;
          if (typeof verdict === 'string') verdicts.inc({ verdict });
        }
        return payload;
      });
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        requests.inc({ method: request.method, route, status: String(reply.statusCode) });
        latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      });
    },
    async render(status) {
      for (const { gauge, read } of gauges) gauge.set(read(status));
      stages.reset();
      for (const [stage, n] of Object.entries(status.checks.requests.byStage)) stages.set({ stage }, n);
      return registry.metrics();
    },
  };
}
