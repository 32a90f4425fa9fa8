/**
 * `redress bank add BANK FILE...`: banks images and videos without an integration, on the same data
 * folder (or DATABASE_URL) as `serve`. An image is banked with all @redress/match variants, a video
 * (told by its container) with its vPDQ frames at 1 frame/s, each plus its SHA-256 and MD5, as one
 * entry with CLI provenance (who ran it); stdout gets one JSON line per file,
 * `{"file","entry","hashes"}` (videos add `"frames"`), or `{"file","error"}` for a file that could not be read,
 * and the exit status is non-zero when any failed. A running `serve` sees the entries within a
 * poll of its index.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { addBankEntry } from '../use-cases/add-bank-entry.ts';
import { takeInForBank } from '../use-cases/take-in-media.ts';
import { withdrawBankEntry } from '../use-cases/withdraw-bank-entry.ts';
import { registerBankExchangeCommands } from './bank-exchange-commands.ts';
import { openCommandRuntime, withDataDir } from './options.ts';
import { forEachFile } from './per-file.ts';

export function registerBankCommand(program: Command): void {
  const bank = program.command('bank').description('manage hash banks');
  withDataDir(bank.command('add'))
    .description('bank image and video files: prints {"file","entry","hashes"} per file')
    .argument('<bank>', 'an existing bank, or the takedown bank (e.g. takedowns)')
    .argument('<files...>', 'image or video files')
    .option('--label <label>', 'label stored with each entry (default: the file name)')
    .option('--create', 'create the bank if it does not exist (a new bank blocks matching uploads)')
    .action(
      async (
        name: string,
        files: string[],
        options: { dataDir?: string; label?: string; create?: boolean },
      ) => {
        const rt = await openCommandRuntime(options);
        const sd = rt.stayDown;
        const addedBy = `cli:${os.userInfo().username}`;
        const deps = sd.bankEntryDeps;
        // Labels end up in match explanations the platform sees: the file name, never a local path.
        const labelOf = (file: string) => options.label ?? path.basename(file);
        try {
          const missing = await unknownBank(rt, name, rt.config.copies.takedownBank);
          if (missing && !options.create) throw new Error(missing);
          await forEachFile(files, 'banking', async (file) => {
            // Decoded on the hashing threads, within the same limits as the service's bank entries.
            const { hashes, frames } = await takeInForBank(sd, await readFile(file));
            const { entryId } = await addBankEntry(deps, {
              bank: name,
              provenance: { kind: 'cli', ref: path.basename(file) },
              addedBy,
              label: labelOf(file),
              hashes,
            });
            return { entry: entryId, hashes: hashes.length, ...(frames === undefined ? {} : { frames }) };
          });
        } finally {
          await rt.close();
        }
      },
    );

  registerBankExchangeCommands(bank);

  withDataDir(bank.command('list'))
    .description('one JSON line per bank: name, entries, threshold, on-match action, enabled')
    .action(async (options: { dataDir?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        for (const b of await rt.stayDown.records.banks()) {
          const line = {
            name: b.name,
            entries: b.entries,
            threshold: Number(b.match_threshold),
            onMatch: b.on_match,
          };
          process.stdout.write(`${JSON.stringify({ ...line, enabled: Boolean(Number(b.enabled)) })}\n`);
        }
      } finally {
        await rt.close();
      }
    });

  withDataDir(bank.command('withdraw'))
    .description('withdraw a bank entry: its hashes stop matching everywhere')
    .argument('<entry>', 'entry id, as printed by bank add')
    .requiredOption('--reason <reason>', 'why (kept in the audit log)')
    .action(async (entryId: string, options: { dataDir?: string; reason: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const deps = rt.stayDown.bankEntryDeps;
        await withdrawBankEntry(deps, {
          entryId,
          reason: options.reason,
          actor: `cli:${os.userInfo().username}`,
        });
        process.stdout.write(`${JSON.stringify({ entry: entryId, withdrawn: true })}\n`);
      } finally {
        await rt.close();
      }
    });
}

/** Why `name` may not be banked into without --create, or null: a misspelt bank name must not
 *  quietly become a new blocking bank. The takedown bank is the service's own and always known. */
async function unknownBank(
  rt: Awaited<ReturnType<typeof openCommandRuntime>>,
  name: string,
  takedownBank: string,
): Promise<string | null> {
  const banks = (await rt.stayDown.records.banks()).map((b) => b.name);
  if (banks.includes(name) || name === takedownBank) return null;
  const known = [...new Set([...banks, takedownBank])].sort().join(', ');
  return `there is no bank named "${name}" (existing: ${known}); check the spelling, or add --create to make a new bank that blocks matching uploads`;
}
