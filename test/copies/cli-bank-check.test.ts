/**
 * `redress bank add` of originals, then `redress check` of edited copies and unrelated images,
 * through the real command line on a data folder: every verdict equals what @redress/match gives
 * for the same files (test/match/bank-check.test.ts is the library-level run), matches name the
 * entry of the right original, and an unreadable file gets an error line and a non-zero status
 * after the others are done.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { bankVariants, bestMatch, queryHashes } from '@redress/match';
import { EDITS } from '../../bench/robustness-edits.ts';
import { decodeImage } from '../../src/media/decode-image.ts';
import { runCli } from '../helpers/cli.ts';
import { testEnv } from '../helpers/databases.ts';

const CORPUS = path.resolve(import.meta.dirname, '../fixtures/robustness/originals');
const ORIGINALS = ['bridge.jpg', 'text-page-1.jpg', 'texture-bark.jpg'];
const UNRELATED = ['wall-wine.jpg', 'labelme-q0746.jpg'];
const EDIT_NAMES = ['jpeg-15', 'crop-15', 'border', 'mirror', 'tilt-3'];

const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{"file"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('redress bank add, then redress check (SQLite data folder)', () => {
  const env = testEnv('sqlite');
  const work = mkdtempSync(path.join(os.tmpdir(), 'redress-corpus-'));
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await env.cleanup();
  });

  it(
    'gives the match library verdicts for edited copies and unrelated images',
    { timeout: 180_000 },
    async () => {
      const originals = ORIGINALS.map((name) => path.join(CORPUS, name));
      const banked = await runCli(
        ['bank', 'add', 'takedowns', ...originals, path.join(work, 'missing.jpg')],
        env.env,
      );
      expect(banked.code).toBe(1);
      const added = lines(banked.stdout);
      expect(added).toHaveLength(4);
      expect(added[3]).toMatchObject({
        file: path.join(work, 'missing.jpg'),
        error: expect.stringContaining('MEDIA_NOT_FOUND'),
      });
      const entryOf = new Map(added.slice(0, 3).map((l, i) => [l.entry as string, i]));
      expect(added.slice(0, 3).every((l) => typeof l.entry === 'string' && Number(l.hashes) > 10)).toBe(true);

      const bank = await Promise.all(
        originals.map(async (f) => bankVariants(await decodeImage(readFileSync(f)))),
      );
      const files: Array<{ file: string; source: number | null }> = [];
      for (const [i, name] of ORIGINALS.entries()) {
        const bytes = readFileSync(originals[i]);
        const meta = await sharp(bytes).metadata();
        for (const edit of EDIT_NAMES) {
          const file = path.join(work, `${edit}-${name}`);
          writeFileSync(file, await EDITS[edit](bytes, { width: meta.width ?? 0, height: meta.height ?? 0 }));
          files.push({ file, source: i });
        }
      }
      for (const name of UNRELATED) files.push({ file: path.join(CORPUS, name), source: null });
      const broken = path.join(work, 'broken.jpg');
      writeFileSync(broken, 'not an image');

      const checked = await runCli(['check', ...files.map((f) => f.file), broken], env.env);
      expect(checked.code).toBe(1);
      const results = lines(checked.stdout);
      expect(results).toHaveLength(files.length + 1);
      expect(results.at(-1)).toMatchObject({ file: broken, error: expect.stringContaining('MEDIA_') });

      let blocked = 0;
      for (const [k, { file, source }] of files.entries()) {
        const query = queryHashes(await decodeImage(readFileSync(file)));
        const verdicts = bank.map((item) => bestMatch(query, item)?.verdict ?? null);
        const expected = verdicts.includes('block')
          ? 'block'
          : verdicts.includes('review')
            ? 'review'
            : 'allow';
        const got = results[k];
        expect(got.file).toBe(file);
        expect(got.verdict, file).toBe(expected);
        const matches = got.matches as Array<{ bank: string; entry: string; distance: number }>;
        const matchedOriginals = [...new Set(matches.map((m) => entryOf.get(m.entry)))].sort();
        const libraryOriginals = verdicts.flatMap((v, i) => (v ? [i] : []));
        expect(matchedOriginals, file).toEqual(libraryOriginals);
        if (source !== null && expected !== 'allow') expect(matchedOriginals).toContain(source);
        if (got.verdict === 'block') blocked++;
      }
      // The pipeline must actually find most copies (not merely agree on "allow").
      expect(blocked).toBeGreaterThanOrEqual(ORIGINALS.length * EDIT_NAMES.length * 0.8);

      // Withdrawing the first original's entry: its copies no longer match it; the others still do.
      const firstEntry = added[0].entry as string;
      const withdrawn = await runCli(['bank', 'withdraw', firstEntry, '--reason', 'appeal granted'], env.env);
      expect(withdrawn.code).toBe(0);
      const copiesOfFirst = files.filter((f) => f.source === 0).map((f) => f.file);
      const after = lines((await runCli(['check', ...copiesOfFirst], env.env)).stdout);
      expect(after).toHaveLength(copiesOfFirst.length);
      for (const line of after) {
        const entries = (line.matches as Array<{ entry: string }>).map((m) => m.entry);
        expect(entries, String(line.file)).not.toContain(firstEntry);
      }
      const listed = (await runCli(['bank', 'list'], env.env)).stdout
        .split('\n')
        .filter((l) => l.startsWith('{"name"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(listed).toEqual([expect.objectContaining({ name: 'takedowns', entries: ORIGINALS.length - 1 })]);
    },
  );
});
