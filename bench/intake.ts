/**
 * `npm run bench:intake`: how many removal requests per second `POST /api/v1/requests` accepts,
 * with p50/p99 latency, on embedded SQLite and on PostgreSQL. Each run starts the real server
 * (`redress serve --no-worker`) as a child process and drives it with autocannon over loopback;
 * every 201 means the receipt was committed (SQLite: WAL, synchronous=FULL).
 * Options: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10), BENCH_DATABASES.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort } from '../test/support/net.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const bin = path.resolve(import.meta.dirname, '../bin/redress.js');

const body = JSON.stringify({
  legalBasis: 'take_it_down',
  submitter: { role: 'depicted_person', name: 'Bench Person', email: 'bench@example.org' },
  items: [{ url: 'https://platform.example/p/1' }, { platformItemId: 'video-42', pdq: 'ab'.repeat(32) }],
  signature: { fullName: 'Bench Person' },
  goodFaithStatement: 'I did not consent to this being published.',
});

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function run(kind: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-bench-'));
  const schema = `bench_${Date.now().toString(36)}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    REDRESS_SECRET_KEY: 'b'.repeat(64),
    REDRESS_INTAKE_RATE_LIMIT: '0',
    REDRESS_LOG_LEVEL: 'warn',
    REDRESS_SQLITE_SYNCHRONOUS: process.env.REDRESS_SQLITE_SYNCHRONOUS ?? 'FULL',
    ...(kind === 'postgres' ? { DATABASE_URL: pgUrl, REDRESS_DB_SCHEMA: schema } : {}),
  };
  const server = spawn(
    process.execPath,
    [bin, 'serve', '--no-worker', '--port', String(port), '--data-dir', dataDir],
    {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url);
    const options = {
      url: `${url}/api/v1/requests`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body,
    };
    await autocannon({ ...options, connections, duration: 2 }); // warm-up
    const result = await autocannon({ ...options, connections, duration: seconds });
    const accepted = result['2xx'];
    console.log(
      `${kind.padEnd(8)} accepted ${(accepted / seconds).toFixed(0).padStart(5)} req/s  ` +
        `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
        `(${accepted} x 201, ${result.non2xx} other, ${result.errors} errors, ${connections} connections, ${seconds} s)`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'postgres') {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

console.log(`POST /api/v1/requests on loopback, ${os.cpus().length} CPUs, node ${process.version}`);
for (const kind of databases) await run(kind);
