/**
 * One `serve` (and one standalone `worker`) per SQLite data folder. Two services on one folder
 * would each run their own sweeps, rate limits and index in silence; the second is refused
 * with the first one's pid. The lock is SQLite's own exclusive file lock on `<role>.lock`, held
 * by an open connection: the operating system drops it when the process ends, however it ends
 * (kill -9 included), so a stale lock never blocks a restart. One-off commands take no lock,
 * and the HTTP processes of `serve --processes N` run under their primary's.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export type LockRole = 'serve' | 'worker';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string, role: LockRole): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(dataDir, `${role}.pid`);
  const lock = new SqliteDatabase(path.join(dataDir, `${role}.lock`), { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    const pid = readPid(pidFile);
    throw new Error(
      `another "redress ${role}" (${pid ? `pid ${pid}` : 'pid unknown'}) is running on the data folder ` +
        `${path.resolve(dataDir)}; stop it first, or give this one its own --data-dir`,
    );
  }
  // Written after the lock is ours: a pid file left by a killed process is simply replaced.
  fs.writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  return {
    release() {
      if (readPid(pidFile) === process.pid) fs.rmSync(pidFile, { force: true });
      lock.close();
    },
  };
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
