/**
 * `redress bank add` and `redress check` with video files, through the real command line on
 * SQLite and PostgreSQL: the documented JSON lines (`frames` for a banked video, the shares of a
 * video match), the same verdicts as the API, an error line with MEDIA_CORRUPT for a truncated
 * file and a non-zero status once the others are done. Clips are made by ffmpeg at test time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { makeVideoClips } from '../support/video-clips.ts';
import type { VideoClips } from '../support/video-clips.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'redress-clips-'));
let clips: VideoClips;

beforeAll(async () => {
  clips = await makeVideoClips(work);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.each(DATABASES)('redress bank add and check with videos on %s', (kind) => {
  const env = testEnv(kind);
  afterAll(() => env.cleanup());

  it(
    'banks a clip, blocks its copies, allows the rest and names a truncated file',
    { timeout: 120_000 },
    async () => {
      const banked = await runCli(['bank', 'add', 'takedowns', clips.original, clips.truncated], env.env);
      expect(banked.code).toBe(1);
      const [added, broken] = lines(banked.stdout);
      expect(added).toEqual({ file: clips.original, entry: expect.any(String), hashes: 10, frames: 8 });
      expect(broken).toEqual({ file: clips.truncated, error: expect.stringContaining('(MEDIA_CORRUPT)') });

      const checked = await runCli(['check', clips.resized, clips.padded, clips.unrelated], env.env);
      expect(checked.code).toBe(0);
      const [resized, padded, unrelated] = lines(checked.stdout);
      const copyOf = {
        verdict: 'block',
        matches: [
          {
            bank: 'takedowns',
            entry: added.entry,
            distance: expect.any(Number),
            bankedShare: 1,
            uploadShare: expect.any(Number),
          },
        ],
      };
      expect(resized).toEqual({ file: clips.resized, ...copyOf });
      expect(padded).toMatchObject({
        file: clips.padded,
        verdict: 'block',
        matches: [{ entry: added.entry }],
      });
      expect(unrelated).toEqual({ file: clips.unrelated, verdict: 'allow', matches: [] });

      const explained = await runCli(['check', '--explain', clips.resized], env.env);
      expect(lines(explained.stdout)[0].matches).toEqual([
        expect.objectContaining({
          verdict: 'block',
          kind: 'vpdq',
          variant: 'video',
          explanation: expect.stringMatching(
            /^8 of 8 frames of .*original\.mp4 \(100%\) found in the upload/,
          ),
        }),
      ]);

      const withdrawn = await runCli(
        ['bank', 'withdraw', String(added.entry), '--reason', 'appeal upheld'],
        env.env,
      );
      expect(withdrawn.code).toBe(0);
      const after = await runCli(['check', clips.resized], env.env);
      expect(lines(after.stdout)[0]).toEqual({ file: clips.resized, verdict: 'allow', matches: [] });
    },
  );
});
