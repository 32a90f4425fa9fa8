/**
 * The in-process worker: claims due jobs from the outbox, runs the handler named by the job's
 * type, and marks the job done or schedules a retry with exponential backoff. Handlers must be
 * idempotent: a job may run twice if a worker dies between doing the work and marking it done.
 * The same loop also runs the deadline sweeper, so `serve` and `redress worker` behave alike.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import type { Transact } from '../db/database.ts';
import type { JobRow, JobsRepository } from '../db/repositories/jobs-repository.ts';
import { randomId } from '../security/tokens.ts';

export type JobHandler = (job: JobRow, payload: Record<string, unknown>) => Promise<void>;

export interface WorkerDeps {
  transact: Transact;
  jobs: JobsRepository;
  clock: Clock;
  log: Logger;
  handlers: Record<string, JobHandler>;
  sweep: () => Promise<unknown>;
  /** Work with its own schedule (the hash-network feeds), asked on every tick whether it is due. */
  periodic?: () => Promise<void>;
}

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min ... capped at one hour. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

export class Worker {
  readonly id = `worker-${randomId().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastSweep = 0;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly options = { batch: 20, staleAfterMs: 300_000, sweepEveryMs: 60_000 },
  ) {}

  /** Runs every due job once; returns how many were processed. */
  async runDueJobs(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const claimed = await this.deps.transact((trx) =>
        this.deps.jobs.claim(trx, this.id, now, this.options.batch, this.options.staleAfterMs),
      );
      if (claimed.length === 0) return total;
      for (const job of claimed) await this.runOne(job);
      total += claimed.length;
    }
  }

  private async runOne(job: JobRow): Promise<void> {
    const handler = this.deps.handlers[job.type];
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(job, JSON.parse(job.payload) as Record<string, unknown>);
      await this.deps.transact((trx) => this.deps.jobs.complete(trx, job.id, this.deps.clock.now()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const now = this.deps.clock.now();
      const attempts = Number(job.attempts);
      // A handler marks failures no retry can fix (e.g. a webhook endpoint's 4xx) as permanent.
      const permanent = (error as { permanent?: unknown }).permanent === true;
      const retryAt =
        attempts < Number(job.max_attempts) && !permanent
          ? new Date(now.getTime() + backoffMs(attempts))
          : null;
      this.deps.log.warn({ jobId: job.id, type: job.type, attempts, err: message, retryAt }, 'job failed');
      await this.deps.transact((trx) => this.deps.jobs.fail(trx, job, message, now, retryAt));
    }
  }

  /** One pass: sweep deadlines if due, then drain the jobs (including any the sweep queued). */
  async tick(forceSweep = false): Promise<void> {
    const now = Date.now();
    if (forceSweep || now - this.lastSweep >= this.options.sweepEveryMs) {
      this.lastSweep = now;
      await this.deps.sweep();
    }
    await this.deps.periodic?.();
    await this.runDueJobs();
  }

  start(pollMs = 1000): void {
    const loop = async () => {
      this.running = this.tick().catch((error: unknown) =>
        this.deps.log.error({ err: error }, 'worker tick failed'),
      );
      await this.running;
      this.timer = setTimeout(loop, pollMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
