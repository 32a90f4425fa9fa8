/**
 * Run as a child process by hash-pool.test.ts: one hashing thread, warmed up with a small image,
 * then the HEIC in the file given, decoded with a time limit of LIMIT_MS (or abandoned by its
 * caller after ABORT_MS). Prints one JSON line when the job is answered, then idles so the test
 * can read this process's CPU time and memory from /proc.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_DECODE_LIMITS } from '../../src/media/decode-image.ts';
import { HashPool } from '../../src/media/hash-pool.ts';

const [file, warmFile] = process.argv.slice(2);
const limitMs = Number(process.env.LIMIT_MS ?? 20_000);
const abortMs = process.env.ABORT_MS ? Number(process.env.ABORT_MS) : undefined;
const limits = { ...DEFAULT_DECODE_LIMITS, maxHeicPixels: 100e6, timeoutSeconds: limitMs / 1000 };
const pool = new HashPool(1);
await pool.fingerprint(readFileSync(warmFile), { ...limits, timeoutSeconds: 60 }, 'edits');
process.stdout.write(`${JSON.stringify({ event: 'ready' })}\n`);
const started = Date.now();
const signal = abortMs === undefined ? undefined : AbortSignal.timeout(abortMs);
const code = await pool.fingerprint(readFileSync(file), limits, 'edits', signal).then(
  () => 'hashed',
  (error: { code?: unknown; name?: string }) => (typeof error.code === 'string' ? error.code : error.name),
);
process.stdout.write(`${JSON.stringify({ event: 'answer', code, ms: Date.now() - started })}\n`);
setTimeout(() => void pool.close(), 4000);
