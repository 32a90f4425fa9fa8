/**
 * Hostile media against the real `redress serve` (a child process): each input costs the service
 * a bounded amount of memory (its RSS read from /proc), is answered with a clear code, and leaves
 * no work running and no bytes on disk behind. Inputs are generated here: an SVG asking for a
 * filtered 100-megapixel render, HEIC grids of 36 and 64 megapixels, and long grey 4K videos.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashVideoFile } from '../../src/media/video-frames.ts';
import { greyVideo, gridHeic, HOSTILE_SVG } from './hostile-media.ts';
import { childrenRunning, cpuSecondsOf, memoryOf, startServe, whileSampling } from './serve-probe.ts';
import type { ServeProbe } from './serve-probe.ts';

const MB = 1024 * 1024;
let clip: Promise<Buffer> | undefined;
/** Ten seconds of grey 4K at 30 frames a second, made once; longer videos repeat it. */
const greyClip = () => (clip ??= greyVideo(10, 3840, 2160));
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await settle(50);
  }
  return true;
}

/** Every file under `dir` (recursively) of `size` bytes whose contents hash to `digest`. */
function filesWithDigest(dir: string, size: number, digest: string): string[] {
  const found: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      continue;
    }
    if (stat.isDirectory()) found.push(...filesWithDigest(file, size, digest));
    else if (stat.size === size && createHash('sha256').update(readFileSync(file)).digest('hex') === digest)
      found.push(file);
  }
  return found;
}

describe('hostile media through POST /api/v1/check on redress serve', () => {
  let serve: ServeProbe;
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(async () => {
    await serve?.close();
  });

  it('refuses an SVG (a 236-byte, 100-megapixel filtered render) by its content, at once', async () => {
    expect(HOSTILE_SVG.length).toBe(236);
    const before = memoryOf(serve.pid).rssMb;
    const { result, peakRssMb, seconds } = await whileSampling(serve.pid, () =>
      // Sent as an octet stream: the refusal must come from the bytes, not the content type.
      serve.check(Buffer.from(HOSTILE_SVG), 'application/octet-stream', AbortSignal.timeout(20_000)),
    );
    console.info(`SVG: ${seconds} s, RSS ${before} -> peak ${peakRssMb} MB`, result.body);
    expect(result.status).toBe(422);
    expect(result.body.error?.code).toBe('MEDIA_UNSUPPORTED');
    expect(result.body.error?.message).toMatch(/SVG/);
    expect(peakRssMb - before).toBeLessThan(150);
    // Nothing goes on rendering after the answer.
    const cpu = cpuSecondsOf(serve.pid);
    await settle(1000);
    expect(cpuSecondsOf(serve.pid) - cpu).toBeLessThan(0.3);
  });

  it(
    'refuses 64-megapixel HEICs from their header and gives back the memory of 36-megapixel ones',
    { timeout: 240_000 },
    async () => {
      const huge = await gridHeic(8000, 8000);
      const large = await gridHeic(6000, 6000);
      expect(huge.length).toBeLessThan(40_000);
      const baseline = memoryOf(serve.pid).rssMb;
      const refused = await whileSampling(serve.pid, async () => {
        const answers = [];
        for (let i = 0; i < 7; i++) answers.push(await serve.check(huge, 'image/heic'));
        return answers;
      });
      console.info(
        `HEIC 8000x8000 x7: ${refused.seconds} s, RSS ${baseline} -> peak ${refused.peakRssMb} MB`,
      );
      expect(refused.result.map((a) => a.body.error?.code)).toEqual(Array(7).fill('MEDIA_TOO_MANY_PIXELS'));
      expect(refused.peakRssMb - baseline).toBeLessThan(150);

      const decoded = await whileSampling(serve.pid, async () => {
        const answers = [];
        for (let i = 0; i < 7; i++) answers.push(await serve.check(large, 'image/heic'));
        return answers;
      });
      await settle(1000);
      const after = memoryOf(serve.pid).rssMb;
      console.info(
        `HEIC 6000x6000 x7: ${decoded.seconds} s, peak ${decoded.peakRssMb} MB, 1 s later ${after} MB`,
      );
      expect(decoded.result.map((a) => a.status)).toEqual(Array(7).fill(200));
      // One 36-megapixel decode at a time holds some hundreds of MB; seven must not hold seven times that.
      expect(decoded.peakRssMb - baseline).toBeLessThan(900);
      // The decoding thread is replaced after such a decode, so its WebAssembly memory is returned.
      expect(await until(() => memoryOf(serve.pid).rssMb - baseline < 200, 5000)).toBe(true);
    },
  );

  it(
    'refuses a ten-minute 4K grey video up front, with a code that says why',
    { timeout: 120_000 },
    async () => {
      const video = await loopVideo(await greyClip(), 60); // 600 s, about 3 MB
      expect(video.length).toBeLessThan(5 * MB);
      const before = memoryOf(serve.pid).rssMb;
      const { result, peakRssMb, seconds } = await whileSampling(serve.pid, () =>
        serve.check(video, 'video/mp4', AbortSignal.timeout(30_000)),
      );
      console.info(`grey 4K 600 s: ${seconds} s, RSS ${before} -> peak ${peakRssMb} MB`, result.body);
      expect(result.status).toBe(422);
      expect(result.body.error?.code).toBe('MEDIA_TOO_LONG');
      expect(result.body.error?.message).toMatch(/600 s of 3840x2160/);
      expect(peakRssMb - before).toBeLessThan(150);
      expect(childrenRunning(serve.pid, 'ffmpeg')).toEqual([]);
      expect(seconds).toBeLessThan(30); // the client's own patience, not a speed claim
    },
  );

  it('stops ffmpeg when the client goes away mid-check', { timeout: 120_000 }, async () => {
    const video = await loopVideo(await greyClip(), 15); // 150 s of 4K: within budget
    const client = new AbortController();
    const answer = serve.check(video, 'video/mp4', client.signal).catch((e: Error) => e.name);
    expect(await until(() => childrenRunning(serve.pid, 'ffmpeg').length > 0, 15_000)).toBe(true);
    client.abort();
    expect(await answer).toBe('AbortError');
    expect(await until(() => childrenRunning(serve.pid, 'ffmpeg').length === 0, 3000)).toBe(true);
  });
});

describe('a video decode over its time', () => {
  it('says it timed out, not that the file is broken', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-slow-'));
    try {
      const file = path.join(dir, 'long.mp4');
      writeFileSync(file, await loopVideo(await greyClip(), 15)); // ~20 s to decode here
      const limits = {
        maxPixelsPerFrame: 3840 * 2160,
        maxFrames: 1e6,
        maxDecodedPixels: 1e12,
        timeoutSeconds: 2,
      };
      const error = await hashVideoFile(file, { limits, framesPerSecond: 5 }).catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'MEDIA_TIMEOUT' });
      expect((error as Error).message).toBe('decoding the video took longer than its limit of 2 s');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a crash mid-check leaves no copy of the upload on disk', () => {
  it('the temporary area is empty after a restart following kill -9', { timeout: 120_000 }, async () => {
    const serve = await startServe();
    try {
      const video = await loopVideo(await greyClip(), 15, `crash-${Date.now()}`);
      const digest = createHash('sha256').update(video).digest('hex');
      void serve.check(video, 'video/mp4').catch(() => undefined);
      expect(await until(() => childrenRunning(serve.pid, 'ffmpeg').length > 0, 15_000)).toBe(true);
      const where = [serve.env.config.dataDir, os.tmpdir()];
      const copies = () => where.flatMap((dir) => filesWithDigest(dir, video.length, digest));
      expect(copies().length).toBeGreaterThan(0); // the decoder's copy, while it works
      await serve.kill('SIGKILL');
      await serve.restart();
      expect(copies()).toEqual([]);
    } finally {
      await serve.close();
    }
  });
});

/** `times` copies of a clip end to end, stream-copied (no re-encoding), tagged to be unique. */
async function loopVideo(clip: Buffer, times: number, title = 'loop'): Promise<Buffer> {
  const { execFile } = await import('node:child_process');
  const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-loop-'));
  try {
    await writeFile(path.join(dir, 'clip.mp4'), clip);
    await new Promise<void>((resolve, reject) =>
      execFile(
        'ffmpeg',
        ['-v', 'error', '-stream_loop', String(times - 1), '-i', path.join(dir, 'clip.mp4')].concat([
          ...['-c', 'copy', '-metadata', `title=${title}`, path.join(dir, 'long.mp4')],
        ]),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    return await readFile(path.join(dir, 'long.mp4'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
