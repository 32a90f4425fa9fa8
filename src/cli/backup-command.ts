/**
 * `redress backup --out FILE` copies the embedded database of a running instance (SQLite's online
 * backup API); `redress restore FILE --data-dir DIR` brings a copy back into a new data folder
 * and checks its audit chain. PostgreSQL instances are backed up with pg_dump (see the README).
 *
 * The backup holds personal data sealed with the instance key, and by default not the key: a
 * backup that carries its key decrypts itself wherever a copy of it ends up (an offsite bucket, a
 * lost disk), so the key is kept apart and the command says where it lives. `--include-key`
 * writes it beside the backup (FILE.key, 0600) for operators who store both in separate places.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { backUpInstance, KEY_FILE, restoreInstance } from '../use-cases/back-up-instance.ts';
import { configFrom, openCommandRuntime, withDataDir } from './options.ts';

export function registerBackupCommand(program: Command): void {
  withDataDir(program.command('backup'))
    .description('copy the embedded database while it serves (PostgreSQL: pg_dump)')
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .option('--include-key', 'also write the instance key to FILE.key (keep it apart from the backup)')
    .action(async (options: { dataDir?: string; out: string; includeKey?: boolean }) => {
      const config = configFrom(options);
      if (config.databaseUrl) {
        throw new Error('this instance uses PostgreSQL: back it up with pg_dump (see the README, Backups)');
      }
      const started = performance.now();
      const { bytes } = await backUpInstance(config.dataDir, options.out);
      const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
      const keySource = config.secretKey
        ? 'the REDRESS_SECRET_KEY setting'
        : path.join(config.dataDir, KEY_FILE);
      let key: string | null = null;
      if (options.includeKey) {
        key = `${options.out}.key`;
        fs.writeFileSync(key, `${instanceKey(config.secretKey, config.dataDir)}\n`, {
          mode: 0o600,
          flag: 'wx',
        });
      } else {
        process.stderr.write(
          `redress backup: the backup does not hold the instance key, without which its personal data ` +
            `cannot be read. The key is ${keySource}: keep a copy of it safe, apart from the backups.\n`,
        );
      }
      process.stdout.write(`${JSON.stringify({ out: options.out, bytes, seconds, key })}\n`);
    });

  withDataDir(program.command('restore'))
    .description('bring a backup back into a new data folder and verify its audit log')
    .argument('<file>', 'a file written by redress backup')
    .option('--key <file>', 'the instance key (default: FILE.key if it exists, or REDRESS_SECRET_KEY)')
    .action(async (file: string, options: { dataDir?: string; key?: string }) => {
      const config = configFrom(options);
      if (config.databaseUrl) throw new Error('restore writes an embedded database: unset DATABASE_URL');
      const keyFile = options.key ?? (fs.existsSync(`${file}.key`) ? `${file}.key` : undefined);
      if (!keyFile && !config.secretKey) {
        throw new Error(
          `no instance key: pass --key FILE or set REDRESS_SECRET_KEY (a new key could not read the sealed data)`,
        );
      }
      restoreInstance(file, config.dataDir);
      if (keyFile) {
        fs.copyFileSync(keyFile, path.join(config.dataDir, KEY_FILE), fs.constants.COPYFILE_EXCL);
        fs.chmodSync(path.join(config.dataDir, KEY_FILE), 0o600);
      }
      const rt = await openCommandRuntime(options);
      try {
        const audit = await rt.repos.audit.verify(rt.database.db);
        process.stdout.write(
          `${JSON.stringify({ dataDir: config.dataDir, auditEvents: audit.checked, auditIntact: audit.ok })}\n`,
        );
        if (!audit.ok) process.exitCode = 2;
      } finally {
        await rt.close();
      }
    });
}

function instanceKey(secretKey: string | undefined, dataDir: string): string {
  return secretKey ?? fs.readFileSync(path.join(dataDir, KEY_FILE), 'utf8').trim();
}
