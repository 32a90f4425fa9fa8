/**
 * `redress check FILE...`: what `POST /api/v1/check` would answer for each file (image or video),
 * against the banks of the data folder (or DATABASE_URL), through the same use case, the same
 * @redress/match pipeline and the same video sampling. One JSON line per file,
 * `{"file","verdict","matches":[{"bank","entry","distance"}]}`, video matches adding
 * `"bankedShare","uploadShare"`; an unreadable file gives `{"file","error"}` and a non-zero exit status once the
 * rest are done. Nothing is recorded: this is an operator's dry run.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Command } from 'commander';
import { checkUpload } from '../use-cases/check-upload.ts';
import { takeInForCheck } from '../use-cases/take-in-media.ts';
import { openCommandRuntime, withDataDir } from './options.ts';
import { forEachFile } from './per-file.ts';

export function registerCheckCommand(program: Command): void {
  withDataDir(program.command('check'))
    .description(
      'check image and video files against the banks: prints {"file","verdict","matches"} per file',
    )
    .argument('<files...>', 'image or video files')
    .option('--explain', 'add the variant, kind and an explanation to each match')
    .action(async (files: string[], options: { dataDir?: string; explain?: boolean }) => {
      const rt = await openCommandRuntime(options);
      const sd = rt.stayDown;
      const deps = {
        db: rt.database.db,
        transact: rt.database.transact,
        banks: sd.repos.banks,
        copies: sd.repos.copies,
        audit: rt.repos.audit,
        index: sd.index,
        clock: rt.clock,
      };
      const actor = `cli:${os.userInfo().username}`;
      try {
        await forEachFile(files, 'checking', async (file) => {
          // Decoded on the hashing threads, within the same limits as the service's checks.
          const media = await takeInForCheck(sd, { bytes: await readFile(file) });
          const result = await checkUpload(deps, { ...media, actor, record: false });
          const matches = result.matches.map((m) => ({
            bank: m.bank,
            entry: m.entry,
            distance: m.distance,
            ...(m.video ? { bankedShare: m.video.bankedShare, uploadShare: m.video.uploadShare } : {}),
            ...(options.explain
              ? { verdict: m.verdict, kind: m.kind, variant: m.variant, explanation: m.explanation }
              : {}),
          }));
          return { verdict: result.verdict, matches };
        });
      } finally {
        await rt.close();
      }
    });
}
