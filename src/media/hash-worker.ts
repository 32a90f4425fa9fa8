/**
 * A hashing worker thread: receives an upload's bytes, answers its exact hashes and the
 * @redress/match query hashes. Decoding runs in libvips threads anyway; the point is the ~40 ms
 * of pure-JS hashing per camera-sized image, which would otherwise stall every other request on
 * the main thread (hash-only checks, intake) while it runs.
 */
import { parentPort } from 'node:worker_threads';
import type { UploadMatching } from '../platform/copies-config.ts';
import type { DecodeLimits } from './decode-image.ts';
import { decode, exactHashes, queryHashesOf } from './fingerprint.ts';

interface Job {
  id: number;
  bytes: Uint8Array;
  limits: DecodeLimits;
  matching: UploadMatching;
}

parentPort?.on('message', (job: Job) => {
  const work = async () => {
    const pixels = await decode(job.bytes, job.limits);
    return { ...exactHashes(job.bytes), queries: queryHashesOf(pixels, job.matching) };
  };
  work().then(
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
