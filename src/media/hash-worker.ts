/**
 * A hashing worker thread: runs the hash tasks of src/media/hash-task.ts (an upload's fingerprint,
 * a registry item's hashes). Decoding runs in libvips threads anyway; the point is the tens of
 * milliseconds of pure-JS hashing per camera-sized image, which would otherwise stall every other
 * request on the main thread (hash-only checks, intake) while it runs.
 */
import { parentPort } from 'node:worker_threads';
import type { HashTask } from './hash-task.ts';
import { runHashTask } from './hash-task.ts';

parentPort?.on('message', (job: { id: number; task: HashTask }) => {
  runHashTask(job.task).then(
    (result) => parentPort?.postMessage({ id: job.id, result }),
    (error: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        error: {
          code: (error as { code?: unknown }).code,
          message: (error as Error).message ?? String(error),
        },
      }),
  );
});
