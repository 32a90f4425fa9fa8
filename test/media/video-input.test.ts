/**
 * Video input for stay-down: the containers told apart from images by their magic bytes (and
 * each of them opened by ffmpeg under the service's input restrictions), HEIC/AVIF-style images
 * and other pictures left to the image path, the limits (bytes, pixels per frame, frames, time)
 * with their stable codes, upload frames scaled down before hashing, and rotated phone videos
 * hashed upright.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hammingDistance } from '@redress/pdq';
import { isVideoContainer } from '../../src/media/sniff-video.ts';
import { VIDEO_SAMPLING, videoFingerprint } from '../../src/media/video-fingerprint.ts';
import { hashVideoFile } from '../../src/media/video-frames.ts';
import { FIXTURES, PDQ_FIXTURES } from '../support/fixtures.ts';

const run = promisify(execFile);
const work = mkdtempSync(path.join(os.tmpdir(), 'redress-containers-'));
const tempDir = path.join(work, 'tmp');
const CLIP = ['-f', 'lavfi', '-i', 'testsrc2=size=96x64:rate=10:duration=1'];
const CONTAINERS: Record<string, string[]> = {
  'clip.mp4': ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'],
  'clip.mov': ['-c:v', 'mpeg4'],
  'clip.mkv': ['-c:v', 'mpeg4'],
  'clip.webm': ['-c:v', 'libvpx', '-b:v', '200k'],
  'clip.avi': ['-c:v', 'mpeg4'],
  'clip.ts': ['-c:v', 'mpeg4'],
  'clip.flv': ['-c:v', 'flv'],
};
const at = (name: string) => path.join(work, name);
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'hashed',
    (error: { code?: string }) => error.code,
  );

beforeAll(async () => {
  await Promise.all(
    Object.entries(CONTAINERS).map(([name, codec]) =>
      run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...CLIP, ...codec, at(name)]),
    ),
  );
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('isVideoContainer', () => {
  it.each(Object.keys(CONTAINERS))('knows %s by its bytes, and ffmpeg opens it', async (name) => {
    expect(isVideoContainer(readFileSync(at(name)))).toBe(true);
    expect((await hashVideoFile(at(name), { framesPerSecond: 5 })).length).toBe(5);
  });

  it('leaves images to the image path, HEIC included (an ftyp box with an image brand)', async () => {
    const images = [
      readFileSync(`${PDQ_FIXTURES}bridge-mods/aaa-orig.jpg`),
      readFileSync(`${PDQ_FIXTURES}misc-images/c.png`),
      readFileSync(`${FIXTURES}bridge.heic`),
      await sharp(readFileSync(`${PDQ_FIXTURES}misc-images/c.png`))
        .webp()
        .toBuffer(), // RIFF, like AVI
      Buffer.from('not a video at all, just text'),
    ];
    expect(images.map((bytes) => isVideoContainer(bytes))).toEqual([false, false, false, false, false]);
  });
});

describe('video limits', () => {
  const limits = {
    maxPixelsPerFrame: 3840 * 2160,
    maxFrames: 1000,
    maxDecodedPixels: 1e12,
    timeoutSeconds: 60,
  };

  it('refuses frames over the pixel limit before decoding any', async () => {
    const small = { ...limits, maxPixelsPerFrame: 96 * 64 - 1 };
    expect(await codeOf(hashVideoFile(at('clip.mkv'), { limits: small }))).toBe('MEDIA_TOO_MANY_PIXELS');
  });

  it('stops at the frame limit, counted in samples', async () => {
    const few = { ...limits, maxFrames: 4 };
    expect(await codeOf(hashVideoFile(at('clip.mkv'), { limits: few, framesPerSecond: 5 }))).toBe(
      'MEDIA_TOO_LARGE',
    );
    expect(await codeOf(hashVideoFile(at('clip.mkv'), { limits: few, framesPerSecond: 4 }))).toBe('hashed');
  });

  it('gives up when time runs out', async () => {
    const instant = { ...limits, timeoutSeconds: 0.001 };
    expect(await codeOf(hashVideoFile(at('clip.mkv'), { limits: instant }))).toBe('MEDIA_TIMEOUT');
  });

  it('refuses more bytes than the upload limit before writing anything', async () => {
    const bytes = readFileSync(at('clip.mp4'));
    expect(await codeOf(videoFingerprint(bytes, 'upload', { maxBytes: bytes.length - 1, tempDir }))).toBe(
      'MEDIA_TOO_LARGE',
    );
    const print = await videoFingerprint(bytes, 'upload', { maxBytes: bytes.length, tempDir });
    expect(print.frames.length).toBeGreaterThan(0);
    expect(VIDEO_SAMPLING).toEqual({ bank: 1, upload: 5 });
  });
});

describe('upload frames scaled down before hashing', () => {
  it('hash within a few bits of the full-size frames, at odd sizes too', async () => {
    const large = at('large.mkv');
    const zoom = 'mandelbrot=size=1282x722:rate=10';
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      zoom,
      '-t',
      '2',
      '-c:v',
      'mpeg4',
      '-q:v',
      '2',
      large,
    ]);
    const [full, small] = await Promise.all([
      hashVideoFile(large, { framesPerSecond: 2 }),
      hashVideoFile(large, { framesPerSecond: 2, maxSide: 512 }),
    ]);
    expect(small).toHaveLength(full.length);
    expect(Math.max(...full.map((f, i) => hammingDistance(f.hash, small[i].hash)))).toBeLessThanOrEqual(16);
  });
});

describe('rotated videos', () => {
  it('hashes a phone video with rotation metadata as it is shown, upright', async () => {
    const upright = at('upright.mp4');
    const tagged = at('tagged.mp4');
    // The same pictures turned by the encoder, and stored sideways with a rotation tag.
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      ...CLIP,
      '-vf',
      'transpose=2',
      '-c:v',
      'libx264',
      '-crf',
      '10',
      upright,
    ]);
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      at('clip.mp4'),
      '-c',
      'copy',
      '-metadata:s:v:0',
      'rotate=90',
      tagged,
    ]);
    const [a, b] = await Promise.all([hashVideoFile(upright), hashVideoFile(tagged)]);
    expect(b).toHaveLength(a.length);
    expect(Math.max(...a.map((f, i) => hammingDistance(f.hash, b[i].hash)))).toBeLessThanOrEqual(20);
  });
});
