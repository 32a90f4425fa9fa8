/**
 * vPDQ of real videos decoded by Debian's ffmpeg, against the reference's hashes of the same
 * files. Frame pixels depend on the H.264 decoder's version, so equality is expected where the
 * decode is exact and a match (every frame within the threshold) everywhere.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hammingDistance, matchVpdq, parseVpdq } from '@redress/pdq';
import { hashVideoFile } from '../../src/media/video-frames.ts';
import { FIXTURES } from '../support/fixtures.ts';

const FRAMES = 30; // enough to compare, small enough for a 2-core CI
const expectedOf = (name: string) =>
  parseVpdq(readFileSync(`${FIXTURES}vpdq/${name}.txt`, 'utf8')).slice(0, FRAMES);
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'hashed',
    (error: { code?: string }) => error.code,
  );

describe('hashVideoFile', () => {
  it('equals the reference vPDQ bit for bit on test-padded-dimensions.mp4', async () => {
    const frames = await hashVideoFile(`${FIXTURES}vpdq/test-padded-dimensions.mp4`, { firstFrames: FRAMES });
    const expected = expectedOf('test-padded-dimensions');
    expect(
      frames.map((f) => [f.frameNumber, f.quality, hammingDistance(f.hash, expected[f.frameNumber].hash)]),
    ).toEqual(expected.map((e) => [e.frameNumber, e.quality, 0]));
    expect(frames[1].timestampSeconds).toBeCloseTo(1 / 30, 6);
  });

  it('matches the reference vPDQ of doorknob-hd-no-bar.mp4 frame for frame', async () => {
    const frames = await hashVideoFile(`${FIXTURES}vpdq/doorknob-hd-no-bar.mp4`, { firstFrames: FRAMES });
    const expected = expectedOf('doorknob-hd-no-bar');
    const distances = expected.map((e) => hammingDistance(e.hash, frames[e.frameNumber].hash));
    expect(Math.max(...distances)).toBeLessThanOrEqual(16);
    expect(matchVpdq(frames, expected)).toEqual({ queryMatched: 1, compareMatched: 1 });
  });

  it('tells two different videos apart', async () => {
    const door = await hashVideoFile(`${FIXTURES}vpdq/doorknob-hd-no-bar.mp4`, { firstFrames: 5 });
    const padded = expectedOf('test-padded-dimensions');
    expect(matchVpdq(door, padded).compareMatched).toBe(0);
  });

  it('rejects a truncated video as corrupt', async () => {
    const bytes = readFileSync(`${FIXTURES}vpdq/test-padded-dimensions.mp4`);
    const truncated = join(tmpdir(), `truncated-${process.pid}.mp4`);
    writeFileSync(truncated, bytes.subarray(0, bytes.length / 2));
    expect(await codeOf(hashVideoFile(truncated))).toBe('MEDIA_CORRUPT');
  });

  it('rejects a file that is not a video', async () => {
    expect(await codeOf(hashVideoFile(`${FIXTURES}vpdq/doorknob-hd-no-bar.txt`))).toBe('MEDIA_CORRUPT');
  });

  it('refuses a playlist that would make ffmpeg open other files', async () => {
    const playlist = join(tmpdir(), `list-${process.pid}.m3u8`);
    writeFileSync(playlist, `#EXTM3U\n#EXTINF:1,\n${FIXTURES}vpdq/doorknob-hd-no-bar.mp4\n#EXT-X-ENDLIST\n`);
    expect(await codeOf(hashVideoFile(playlist))).toBe('MEDIA_CORRUPT');
  });
});
