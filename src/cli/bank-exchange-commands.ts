/**
 * Hash sharing without an integration (E4). `redress bank export BANK` writes the bank's export
 * to stdout, a page per line, as the API's export pages read in a loop would be.
 * `redress bank import BANK FILE --source NAME` brings a partner's hash list into a bank, or
 * brings it up to date (E4): a bank export of another Redress (withdrawals included) or a plain
 * list of hashes, one per line. Prints one JSON line,
 * `{"file","bank","source","added","withdrawn","unchanged","keptWithdrawn","hashes"}`, or
 * `{"file","error"}` and a non-zero exit status for a list that cannot be read (nothing of it is
 * imported); a progress bar on stderr for long lists. A running `serve` sees the entries within a
 * poll of its index.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { Option } from 'commander';
import type { Command } from 'commander';
import { parseHashList } from '../domain/hash-list.ts';
import type { PlainKind } from '../domain/hash-list.ts';
import { importBankList } from '../use-cases/import-bank-list.ts';
import { openCommandRuntime, withDataDir } from './options.ts';
import { forEachFile } from './per-file.ts';
import { progressBar } from './progress.ts';

interface ImportOptions {
  dataDir?: string;
  source: string;
  kind: PlainKind;
  complete?: boolean;
}

export function registerBankExchangeCommands(bank: Command): void {
  withDataDir(bank.command('export'))
    .description("write a bank's hashes for partners to stdout, withdrawals included: a JSON page per line")
    .argument('<bank>', 'bank name')
    .action(async (name: string, options: { dataDir?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        let after = '';
        for (;;) {
          const page = await rt.stayDown.actions.exportBankPage({ bank: name, after, limit: 1000 });
          // A big bank is many pages: wait for the pipe rather than buffer them all.
          if (!process.stdout.write(`${JSON.stringify(page)}\n`)) await once(process.stdout, 'drain');
          if (page.next === null) break;
          after = page.next;
        }
      } finally {
        await rt.close();
      }
    });

  withDataDir(bank.command('import'))
    .description('import or update a partner hash list: prints {"file","added","withdrawn",...}')
    .argument('<bank>', 'bank name, created as an import bank (matches go to review) if missing')
    .argument(
      '<file>',
      'a bank export (JSON, or a page per line) or one hash per line ([KIND] HEX[,QUALITY]); - reads stdin',
    )
    .requiredOption('--source <name>', 'who the list comes from; entries are kept per source')
    .addOption(
      new Option('--kind <kind>', 'what the hashes of a plain list are')
        .choices(['pdq', 'md5', 'sha256'])
        .default('pdq'),
    )
    .option('--complete', "the list is the source's whole list: withdraw its entries missing from it")
    .action(async (name: string, file: string, options: ImportOptions) => {
      const rt = await openCommandRuntime(options);
      const deps = rt.stayDown.bankEntryDeps;
      try {
        await forEachFile([file], 'importing', async () => {
          const bytes = file === '-' ? Buffer.concat(await process.stdin.toArray()) : await readFile(file);
          const entries = parseHashList(bytes.toString('utf8'), options.kind);
          const progress = progressBar(entries.length, 'importing');
          let shown = 0;
          try {
            const result = await importBankList(deps, {
              bank: name,
              source: options.source,
              entries,
              complete: options.complete,
              actor: `cli:${os.userInfo().username}`,
              digest: createHash('sha256').update(bytes).digest('hex'),
              onProgress: (done) => {
                progress.tick(done - shown);
                shown = done;
              },
            });
            return { bank: name, source: options.source, ...result };
          } finally {
            progress.stop();
          }
        });
      } finally {
        await rt.close();
      }
    });
}
