/**
 * The in-process worker: claims due jobs from the outbox, runs the handler named by the job's
 * type, and marks the job done or schedules a retry with exponential backoff. Handlers must be
 * idempotent: a job may run twice if a worker dies between doing the work and marking it done.
 * The same loop also runs the deadline sweeper, so `serve` and `redress worker` behave alike.
 * When the database cannot be reached, the loop backs off (doubling up to 30 s) and, once it is
 * back, first puts back the jobs it had claimed but could not settle, so none waits for the
 * five-minute reclaim.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import { isDatabaseUnavailable, retryDelayMs } from '../domain/connection-loss.ts';
import type { Transact } from '../db/database.ts';
import type { JobPayloads, JobType } from '../domain/jobs.ts';
import type { JobRow, JobsRepository } from '../db/repositories/jobs-repository.ts';
import { randomId } from '../security/tokens.ts';

/** Runs one job of type `T` with the payload that type carries (domain/jobs.ts). */
export type JobHandler<T extends JobType = JobType> = (job: JobRow, payload: JobPayloads[T]) => Promise<void>;

/** The service's handler table: one handler for every job type. */
export type JobHandlers = { readonly [T in JobType]: JobHandler<T> };

export interface WorkerDeps {
  transact: Transact;
  jobs: JobsRepository;
  clock: Clock;
  log: Logger;
  /** The service passes its `JobHandlers`; a job of a type the table lacks fails. */
  handlers: Readonly<Record<string, (job: JobRow, payload: never) => Promise<void>>>;
  sweep: () => Promise<unknown>;
  /** Records that this worker is alive (readiness, metrics and the console read it). */
  heartbeat?: (workerId: string, startedAt: Date) => Promise<void>;
  /** Cheap periodic work run before each pass (signing an audit checkpoint when one is due). */
  everyTick?: () => Promise<unknown>;
  /** Job types not run for now (emails while no mail transport exists): they wait in the outbox. */
  held?: readonly string[];
  /** Work with its own schedule (the hash-network feeds), asked on every tick whether it is due. */
  periodic?: () => Promise<void>;
}

/** Heartbeats are written at most this often: a stall is declared after a minute of silence. */
const HEARTBEAT_EVERY_MS = 10_000;

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min ... capped at one hour. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

export class Worker {
  readonly id = `worker-${randomId().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastSweep = 0;
  private lastBeat = 0;
  private readonly startedAt = new Date();
  /** Ticks failed in a row; after one, claims of this worker may be left unsettled. */
  private failures = 0;

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
        this.deps.jobs.claim(
          trx,
          this.id,
          now,
          this.options.batch,
          this.options.staleAfterMs,
          this.deps.held,
        ),
      );
      if (claimed.length === 0) return total;
      for (const job of claimed) await this.runOne(job);
      total += claimed.length;
    }
  }

  private async runOne(job: JobRow): Promise<void> {
    // The payload was written for its type (NewJob), so the handler of that type reads it.
    const handlers = this.deps.handlers;
    const handler = (Object.hasOwn(handlers, job.type) ? handlers[job.type] : undefined) as
      ((job: JobRow, payload: unknown) => Promise<void>) | undefined;
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(job, JSON.parse(job.payload));
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
    // A failure here must not hold up the jobs; it is retried on the next pass.
    await this.deps
      .everyTick?.()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'periodic work failed'));
    await this.deps.periodic?.();
    await this.runDueJobs();
    if (this.deps.heartbeat && now - this.lastBeat >= HEARTBEAT_EVERY_MS) {
      this.lastBeat = now;
      await this.deps.heartbeat(this.id, this.startedAt);
    }
  }

  /** A tick that first recovers from an earlier failed one; counts failures for the backoff. */
  private async resilientTick(): Promise<void> {
    try {
      if (this.failures > 0) {
        await this.deps.transact((trx) => this.deps.jobs.releaseClaims(trx, this.id));
      }
      await this.tick();
      if (this.failures > 0) this.deps.log.info({ after: this.failures }, 'worker resumed');
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      if (!isDatabaseUnavailable(error)) this.deps.log.error({ err: error }, 'worker tick failed');
      else if (this.failures === 1) {
        this.deps.log.warn({ err: (error as Error).message }, 'database unavailable; the worker backs off');
      }
    }
  }

  start(pollMs = 1000): void {
    const loop = async () => {
      this.running = this.resilientTick();
      await this.running;
      if (this.timer) this.timer = setTimeout(loop, retryDelayMs(this.failures, pollMs));
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
