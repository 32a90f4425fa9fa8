/**
 * A set of hashing threads that jobs queue for (hash-pool.ts has two: images, one job a thread,
 * and videos, several). A job that outlives its time limit, or whose caller gives up, ends its
 * thread: `Worker.terminate` stops the thread's JavaScript and WebAssembly where they are and
 * frees its memory, which no timer beside the work could do. Threads start when jobs need them,
 * up to the lane's number, so one ended (or dead) is replaced by the next job that needs it.
 */
import type { Worker } from 'node:worker_threads';

export interface LaneOptions {
  readonly threads: number;
  readonly start: () => Worker;
  /** Jobs a thread runs at once. With 1, ending a thread for a job fails no other job. */
  readonly jobsPerThread: number;
  /** A thread whose HEIC decoding holds more WebAssembly memory than this is replaced. */
  readonly heicMemoryCeiling: number;
  readonly timeoutError: () => Error;
  readonly toError: (error: { code?: string; message: string } | undefined) => Error;
}

interface Job {
  readonly id: number;
  readonly task: { bytes: Uint8Array };
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  slot?: Slot;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

interface Slot {
  readonly worker: Worker;
  readonly jobs: Set<Job>;
  /** Replaced as soon as its jobs are done. */
  retiring: boolean;
}

type Reply = {
  id: number;
  result?: unknown;
  error?: { code?: string; message: string };
  heicMemory?: number;
};

export class HashLane {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: LaneOptions) {}

  /** Runs `task` on a thread; its bytes move there (the caller copies them first if it must keep them). */
  run<T extends { bytes: Uint8Array }>(
    bytes: Uint8Array,
    task: T,
    limits: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<unknown> {
    const { signal, timeoutMs } = limits;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, task: { ...task, bytes }, timeoutMs, signal, resolve, reject };
      if (signal) {
        job.onAbort = () => this.cancel(job, signal.reason);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.jobs.set(job.id, job);
      this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const free = this.slots.filter((s) => !s.retiring && s.jobs.size < this.options.jobsPerThread);
      if (free.length === 0 && this.slots.length < this.options.threads) free.push(this.spawn());
      if (free.length === 0) return;
      const slot = free.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      const job = this.queue.shift()!;
      job.slot = slot;
      slot.jobs.add(job);
      // The clock starts when a thread takes the job: waiting in the queue is not decoding.
      job.timer = setTimeout(() => this.endThread(slot, this.options.timeoutError()), job.timeoutMs);
      const { bytes } = job.task;
      slot.worker.postMessage({ id: job.id, task: job.task }, [bytes.buffer as ArrayBuffer]);
    }
  }

  /** The caller has gone: a queued job is dropped; a running one ends its thread, or its video. */
  private cancel(job: Job, reason: unknown): void {
    if (!this.jobs.has(job.id)) return;
    const slot = job.slot;
    if (!slot) {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.settle(job).reject(reason);
    } else if (this.options.jobsPerThread === 1) {
      this.endThread(slot, reason);
    } else {
      slot.worker.postMessage({ cancel: job.id }); // the thread kills the job's ffmpeg
      this.settle(job).reject(reason);
    }
  }

  private settle(job: Job): Job {
    clearTimeout(job.timer);
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    job.slot?.jobs.delete(job);
    this.jobs.delete(job.id);
    return job;
  }

  /** Ends a thread now; its jobs fail with `error`. */
  private endThread(slot: Slot, error: unknown): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    for (const job of [...slot.jobs]) this.settle(job).reject(error);
    void slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }

  private spawn(): Slot {
    const worker = this.options.start();
    worker.unref();
    const slot: Slot = { worker, jobs: new Set(), retiring: false };
    this.slots.push(slot);
    worker.on('message', (reply: Reply) => {
      const job = this.jobs.get(reply.id);
      if (job?.slot === slot) {
        this.settle(job);
        if (reply.result) job.resolve(reply.result);
        else job.reject(this.options.toError(reply.error));
      }
      if ((reply.heicMemory ?? 0) > this.options.heicMemoryCeiling) slot.retiring = true;
      if (slot.retiring && slot.jobs.size === 0) this.endThread(slot, undefined);
      else this.dispatch();
    });
    // A thread that dies fails its own jobs and is replaced; the others carry on.
    worker.on('error', (error) => this.endThread(slot, error));
    worker.on('exit', () => this.endThread(slot, new Error('a hashing thread stopped')));
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job).reject(new Error('hashing stopped'));
    const slots = this.slots.splice(0);
    for (const slot of slots)
      for (const job of [...slot.jobs]) this.settle(job).reject(new Error('hashing stopped'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
