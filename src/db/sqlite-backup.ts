/**
 * Backups of the embedded database while it serves, through SQLite's online backup API: a
 * second, read-only connection copies the pages of one consistent snapshot, so every
 * transaction committed before the backup started is in the copy and none is half in it.
 * Writers carry on meanwhile (WAL); if one commits mid-copy, SQLite restarts the copy, and after
 * the first step each step copies everything left, so a busy instance cannot starve it.
 *
 * Restore puts a copy into a new data folder, checking its integrity first, and never over an
 * existing database.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export const DATABASE_FILE = 'redress.sqlite';
export const KEY_FILE = 'secret.key';

export async function backupSqlite(dataDir: string, out: string): Promise<{ bytes: number }> {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) throw new Error(`no database at ${file}`);
  if (fs.existsSync(out)) throw new Error(`${out} exists already; choose a new file`);
  const source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  const partial = `${out}.partial`;
  try {
    source.pragma('busy_timeout = 10000');
    await source.backup(partial, { progress: () => Number.MAX_SAFE_INTEGER });
  } finally {
    source.close();
  }
  fs.chmodSync(partial, 0o600); // personal data, even if sealed: owner only
  fs.renameSync(partial, out);
  return { bytes: fs.statSync(out).size };
}

export function restoreSqlite(backup: string, dataDir: string): void {
  const target = path.join(dataDir, DATABASE_FILE);
  if (fs.existsSync(target)) throw new Error(`${target} exists already; restore into a new data folder`);
  const copy = new SqliteDatabase(backup, { readonly: true, fileMustExist: true });
  try {
    const [check] = copy.pragma('integrity_check') as { integrity_check: string }[];
    if (check?.integrity_check !== 'ok') throw new Error(`${backup} is damaged: ${check?.integrity_check}`);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB')
      throw new Error(`${backup} is not a Redress backup`);
    throw error;
  } finally {
    copy.close();
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.copyFileSync(backup, target, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(target, 0o600);
}
