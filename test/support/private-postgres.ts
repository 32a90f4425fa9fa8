/**
 * A throwaway PostgreSQL cluster of a test's own (initdb into a temporary folder, on a free port),
 * for tests that restart the database or end its connections: the shared cluster at
 * 127.0.0.1:5432 serves every other test at the same time and is never touched. As root (CI), the
 * PostgreSQL programs run as the `postgres` system user, which owns the folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './net.ts';

const BIN = '/usr/lib/postgresql/15/bin';

export interface PrivateCluster {
  /** Connection URL of its `postgres` database (trust authentication, loopback only). */
  readonly url: string;
  /** `pg_ctl restart`: `fast` shuts down cleanly, `immediate` as a crash would (recovery at start). */
  restart(mode: 'fast' | 'immediate'): void;
  /** Ends every backend whose application_name is `applicationName`; returns how many. */
  terminate(applicationName: string): Promise<number>;
  /** Shuts the server down (`fast`), and starts it again: the database is away in between. */
  shutDown(): void;
  start(): void;
  /** Stops the server for good and removes its folder. */
  destroy(): void;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-pg-'));
  const data = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(root, uid, gid);
  }
  const run = (program: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : path.join(BIN, program),
      [...(asRoot ? ['-u', 'postgres', '--', path.join(BIN, program)] : []), ...args],
      { stdio: 'pipe' },
    );
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
  const log = path.join(root, 'server.log');
  const ctl = (command: string, extra: string[] = []) =>
    run('pg_ctl', ['-D', data, '-o', serverOptions, '-l', log, '-w', '-t', '60', ...extra, command]);
  ctl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    restart: (mode) => ctl('restart', ['-m', mode]),
    async terminate(applicationName) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(
          'select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1',
          [applicationName],
        );
        return rows.filter((r: { ended: boolean }) => r.ended).length;
      } finally {
        await client.end();
      }
    },
    shutDown: () => ctl('stop', ['-m', 'fast']),
    start: () => ctl('start'),
    destroy() {
      try {
        ctl('stop', ['-m', 'immediate']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
