/**
 * A hashing worker thread: runs the hash tasks of src/media/hash-task.ts (an upload's fingerprint,
 * a registry item's hashes). Decoding runs in libvips threads anyway; the point is the tens of
 * milliseconds of pure-JS hashing per camera-sized image, which would otherwise stall every other
 * request on the main thread (hash-only checks, intake) while it runs. Each reply says how much
 * WebAssembly memory HEIC decoding holds in this thread, so the pool can end a thread that
 * grew large; `{ cancel: id }` stops a running video.
 */
import { parentPort } from 'node:worker_threads';
import { heicMemoryBytes } from './decode-heic.ts';
import type { HashTask } from './hash-task.ts';
import { runHashTask } from './hash-task.ts';

const running = new Map<number, AbortController>();

parentPort?.on('message', (job: { id: number; task: HashTask } | { cancel: number }) => {
  if ('cancel' in job) {
    running.get(job.cancel)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(job.id, controller);
  runHashTask(job.task, controller.signal)
    .then(
      (result) => parentPort?.postMessage({ id: job.id, result, heicMemory: heicMemoryBytes() }),
      (error: unknown) =>
        parentPort?.postMessage({
          id: job.id,
          heicMemory: heicMemoryBytes(),
          error: {
            code: (error as { code?: unknown }).code,
            message: (error as Error).message ?? String(error),
          },
        }),
    )
    .finally(() => running.delete(job.id));
});
