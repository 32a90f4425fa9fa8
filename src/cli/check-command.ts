/**
 * `redress check FILE...`: what `POST /api/v1/check` would answer for each file, against the
 * banks of the data folder (or DATABASE_URL), through the same use case and the same
 * @redress/match pipeline. One JSON line per file, `{"file","verdict","matches":[{"bank","entry",
 * "distance"}]}`; an unreadable file gives `{"file","error"}` and a non-zero exit status once the
 * rest are done. Nothing is recorded: this is an operator's dry run.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Command } from 'commander';
import { decode, exactHashes, queryHashesOf } from '../media/fingerprint.ts';
import { openRuntime } from '../runtime.ts';
import { checkUpload } from '../use-cases/check-upload.ts';
import { configFrom, withDataDir } from './options.ts';
import { forEachFile } from './per-file.ts';

export function registerCheckCommand(program: Command): void {
  withDataDir(program.command('check'))
    .description('check image files against the banks: prints {"file","verdict","matches"} per file')
    .argument('<files...>', 'image files')
    .option('--explain', 'add the variant, kind and an explanation to each match')
    .action(async (files: string[], options: { dataDir?: string; explain?: boolean }) => {
      const rt = await openRuntime(configFrom(options));
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
      try {
        await forEachFile(files, 'checking', async (file) => {
          const bytes = await readFile(file);
          const result = await checkUpload(deps, {
            queries: queryHashesOf(await decode(bytes, sd.decodeLimits), rt.config.copies.uploadMatching),
            exact: exactHashes(bytes),
            actor: `cli:${os.userInfo().username}`,
            record: false,
          });
          const matches = result.matches.map((m) => ({
            bank: m.bank,
            entry: m.entry,
            distance: m.distance,
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
