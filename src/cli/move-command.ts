/**
 * `redress move --to TARGET`: copies this instance (its data folder, or DATABASE_URL) into a
 * PostgreSQL database (`--to postgres://...`, optionally `--to-schema`) or into a new data
 * folder (`--to DIR`), then verifies the audit chain there. Stop the instance first: rows written
 * during the move would stay behind.
 *
 * The data stays sealed under the instance key, so the target must use the same key. A key from
 * the data folder is copied into a target data folder; a PostgreSQL target is told to set
 * REDRESS_SECRET_KEY (never printed here).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { DatabaseOptions } from '../db/database.ts';
import { KEY_FILE } from '../use-cases/back-up-instance.ts';
import { moveInstanceBetween } from '../use-cases/move-instance.ts';
import { configFrom, withDataDir } from './options.ts';

export function registerMoveCommand(program: Command): void {
  withDataDir(program.command('move'))
    .description('copy the whole instance to another database (SQLite <-> PostgreSQL)')
    .requiredOption('--to <target>', 'a postgres:// URL, or a new data folder for SQLite')
    .option('--to-schema <schema>', 'PostgreSQL schema of the target (default: the search path)')
    .action(async (options: { dataDir?: string; to: string; toSchema?: string }) => {
      const config = configFrom(options);
      const toPostgres = /^postgres(ql)?:\/\//.test(options.to);
      const targetOptions: DatabaseOptions = toPostgres
        ? { ...config, databaseUrl: options.to, databaseSchema: options.toSchema }
        : { ...config, databaseUrl: undefined, dataDir: path.resolve(options.to) };
      const sourceKey = config.secretKey ? undefined : path.join(config.dataDir, KEY_FILE);
      if (!toPostgres && sourceKey) copyKey(sourceKey, path.join(targetOptions.dataDir, KEY_FILE));

      const { target, rows, audit } = await moveInstanceBetween(config, targetOptions);
      process.stdout.write(
        `${JSON.stringify({ to: target, rows, auditEvents: audit.checked, auditIntact: audit.ok })}\n`,
      );
      if (!audit.ok) process.exitCode = 2;
      const keyHome = sourceKey ?? 'the REDRESS_SECRET_KEY setting';
      if (toPostgres || !sourceKey) {
        process.stderr.write(
          `redress move: the data is sealed with this instance's key (${keyHome}); ` +
            `run the target with REDRESS_SECRET_KEY set to that key.\n`,
        );
      }
    });
}

/** Puts the instance key into the target folder, refusing a different key already there. */
function copyKey(from: string, to: string): void {
  const key = fs.readFileSync(from, 'utf8');
  if (fs.existsSync(to)) {
    if (fs.readFileSync(to, 'utf8').trim() !== key.trim()) throw new Error(`${to} holds another key`);
    return;
  }
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  fs.writeFileSync(to, key, { mode: 0o600, flag: 'wx' });
}
