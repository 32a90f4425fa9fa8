/**
 * The outbox worker on both databases: a failing job is retried with exponential backoff and
 * given up after its last attempt; a job held by a worker that died is reclaimed once stale;
 * a job runs once when two workers compete (TIDA-D2 notifications depend on all three).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { backoffMs } from '../../src/jobs/worker.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';

describe('backoff', () => {
  it('doubles from 30 seconds and stops at one hour', () => {
    expect([1, 2, 3, 4, 10, 20].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe.each(DATABASES)('jobs on %s', (kind) => {
  it('retries a failing email with backoff, then gives up', async () => {
    const clock = new ManualClock('2026-09-01T00:00:00.000Z');
    // Nothing listens on port 9 of loopback: every send fails at once.
    const { rt, close } = await openTestRuntime(kind, {
      clock,
      extraEnv: { SMTP_URL: 'smtp://127.0.0.1:9' },
    });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };
      await submitRequest(deps, completeRequest());
      const worker = rt.createWorker();
      const runAts: string[] = [];
      for (let attempt = 1; attempt <= 8; attempt++) {
        await worker.runDueJobs();
        const [job] = await rt.repos.jobs.list(rt.database.db, { type: 'email.requester' });
        expect(Number(job.attempts)).toBe(attempt);
        expect(job.last_error).toMatch(/ECONNREFUSED|connect/i);
        if (attempt < 8) {
          expect(job.status).toBe('pending');
          runAts.push(job.run_at);
          clock.set(job.run_at);
        } else {
          expect(job.status).toBe('failed');
        }
      }
      const gaps = runAts.map(
        (t, i) =>
          (Date.parse(t) - (i === 0 ? Date.parse('2026-09-01T00:00:00Z') : Date.parse(runAts[i - 1]))) / 1000,
      );
      expect(gaps).toEqual([30, 60, 120, 240, 480, 960, 1920]);
    } finally {
      await close();
    }
  });

  it('reclaims a job from a dead worker and runs a contested job once', async () => {
    const clock = new ManualClock('2026-09-02T00:00:00.000Z');
    const smtp = await startSmtp();
    const { rt, close } = await openTestRuntime(kind, { clock, extraEnv: { SMTP_URL: smtp.url } });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };
      await submitRequest(deps, completeRequest());
      await submitRequest(deps, completeRequest());
      const claimed = await rt.database.transact((trx) =>
        rt.repos.jobs.claim(trx, 'dead', clock.now(), 1, 300_000),
      );
      expect(claimed).toHaveLength(1);
      await Promise.all([rt.createWorker().runDueJobs(), rt.createWorker().runDueJobs()]);
      expect(smtp.messages).toHaveLength(1); // the other is still held by the dead worker
      clock.advanceMs(300_001);
      await rt.createWorker().runDueJobs();
      expect(smtp.messages).toHaveLength(2);
      const jobs = await rt.repos.jobs.list(rt.database.db, { type: 'email.requester' });
      expect(jobs.map((j) => j.status)).toEqual(['done', 'done']);
    } finally {
      await close();
      await smtp.close();
    }
  });
});
