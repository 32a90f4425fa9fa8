/**
 * Backups of an embedded (SQLite) instance while it serves, and their restore into a new data
 * folder; PostgreSQL instances are backed up with pg_dump. The instance key is never inside a
 * backup: see src/cli/backup-command.ts for where the command says it lives.
 */
import { backupSqlite, restoreSqlite } from '../db/sqlite-backup.ts';

export { KEY_FILE } from '../db/sqlite-backup.ts';

export function backUpInstance(dataDir: string, out: string): Promise<{ bytes: number }> {
  return backupSqlite(dataDir, out);
}

export function restoreInstance(file: string, dataDir: string): void {
  restoreSqlite(file, dataDir);
}
