/**
 * `npm run bench:check`: stay-down checks per second with p50/p99 latency on loopback, against a
 * bank of 1,000,000 PDQ hashes: hash-only checks (a random PDQ hash per request) and uploads of a
 * 1600x1004 JPEG (decode, @redress/match query hashes, index search). It runs the real service:
 * the bank is written to a fresh SQLite data folder (one real banked image with all its match
 * variants, plus 1M random plain hashes as an imported list would bring), then `redress serve
 * --processes P` starts on it and loads its index from the database like any restart, and
 * autocannon drives it from its own process (bench/check-load.mjs).
 *
 * Prints one JSON line per start of the service (seeding time, time from start until every
 * process answers a check, i.e. the index load) and one per mode, with the CPU the service's
 * processes spent per check. Options: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 8
 * for hashes, 4 for JPEGs), BENCH_BANK (default 1000000), BENCH_MODES (default
 * hash,jpeg,jpeg-plain; a change of matching or process count restarts the service),
 * BENCH_PROCESSES (default: the core count for hash-only checks, 1 for uploads), BENCH_NODE_ARGS
 * (Node options for the service, e.g. "--perf-basic-prof-only-functions" to profile it with perf).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { bankHashesOf, decode } from '../src/media/fingerprint.ts';
import { openRuntime } from '../src/runtime.ts';
import { addBankEntry } from '../src/use-cases/add-bank-entry.ts';
import { createApiKey } from '../src/use-cases/create-api-key.ts';
import { freePort } from '../test/support/net.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const bankSize = Number(process.env.BENCH_BANK ?? 1_000_000);
const modes = (process.env.BENCH_MODES ?? 'hash,jpeg,jpeg-plain').split(',') as Array<keyof typeof MODES>;
// Hash-only checks are mostly JavaScript on the event loop: one process per core. Uploads are decoded
// and hashed on the hashing threads, which already use every core: a second process only adds a
// second index and more threads taking turns (measured: fewer uploads a second, not more).
const processesFor = (mode: string) =>
  Number(process.env.BENCH_PROCESSES ?? (mode === 'hash' ? os.availableParallelism() : 1));
const connectionsFor = (mode: string) => Number(process.env.BENCH_CONNECTIONS ?? (mode === 'hash' ? 8 : 4));
const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test/fixtures/pdq');
const jpeg = path.join(fixtures, 'bridge-mods/aaa-orig.jpg'); // 1600x1004

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-bench-check-'));
const env: NodeJS.ProcessEnv = { ...process.env, REDRESS_DATA_DIR: dataDir, REDRESS_LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;

/** Writes the bank straight into the database, in one transaction: 1M use-case calls would take hours. */
async function seed(): Promise<{ key: string; seedMs: number }> {
  const rt = await openRuntime(loadConfig(env), { log: createLogger('warn') });
  try {
    const started = performance.now();
    const other = readFileSync(path.join(fixtures, 'reg-test-input/labelme-subset/q0746.jpg'));
    const hashes = bankHashesOf(await decode(other)).map((v) => ({
      kind: 'pdq',
      value: v.hex,
      variant: v.variant,
      quality: v.quality,
    }));
    const deps = {
      transact: rt.database.transact,
      banks: rt.stayDown.repos.banks,
      audit: rt.repos.audit,
      clock: rt.clock,
      afterChange: async () => {},
    };
    await addBankEntry(deps, { bank: 'takedowns', provenance: { kind: 'cli' }, addedBy: 'bench', hashes });
    const now = new Date().toISOString();
    await rt.database.transact(async (trx) => {
      const bank = await rt.stayDown.repos.banks.bankByName(trx, 'takedowns');
      const top = await trx
        .selectFrom('bank_hashes')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      const before = Number(top?.id ?? 0);
      for (let from = 0; from < bankSize; from += 500) {
        const ids = Array.from({ length: Math.min(500, bankSize - from) }, (_, k) => `bench-${from + k}`);
        const entries = ids.map((id) => ({
          id,
          bank_id: bank!.id,
          source_kind: 'import',
          source_request_id: null,
          source_item_id: null,
          source_ref: 'bench',
          added_by: 'bench',
          label: null,
          created_at: now,
          withdrawn_at: null,
          withdrawn_by: null,
          withdrawn_reason: null,
        }));
        await trx.insertInto('bank_entries').values(entries).execute();
        const rows = ids.map((id) => ({
          entry_id: id,
          kind: 'pdq',
          value: randomHex(),
          variant: 'original',
          quality: 100,
        }));
        await trx.insertInto('bank_hashes').values(rows).execute();
      }
      await sql`INSERT INTO bank_changes (hash_id, op, created_at)
        SELECT id, 'add', ${now} FROM bank_hashes WHERE id > ${before}`.execute(trx);
    });
    const seedMs = Math.round(performance.now() - started);
    const { key } = await createApiKey(
      { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock },
      { name: 'bench', role: 'platform' },
    );
    return { key, seedMs };
  } finally {
    await rt.close();
  }
}

function randomHex(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ((Math.random() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
  return s;
}

/** CPU seconds used so far by every process in the service's process group (Linux /proc). */
function groupCpuSeconds(pgid: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

function load(url: string, key: string, mode: 'hash' | 'jpeg'): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const args = [url, key, mode, String(seconds), String(connectionsFor(mode)), jpeg];
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'check-load.mjs'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as Record<string, number>)
        : reject(new Error(`load exited ${code}`)),
    );
  });
}

async function untilEveryProcessChecks(url: string, key: string, processes: number): Promise<void> {
  const body = JSON.stringify({ hashes: { pdq: randomHex() }, dryRun: true });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  for (;;) {
    try {
      // Connections are handed out in turn, so a round of parallel checks reaches every process;
      // each answers only once its index is loaded.
      const answers = await Promise.all(
        Array.from({ length: 4 * processes }, () =>
          fetch(`${url}/api/v1/check`, { method: 'POST', headers, body }),
        ),
      );
      if (answers.every((r) => r.ok)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Service {
  url: string;
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

/** `redress serve` on the seeded data folder, once every process answers checks. */
async function startService(key: string, processes: number, extraEnv: NodeJS.ProcessEnv): Promise<Service> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const serve = ['serve', '--port', String(port), '--processes', String(processes), '--no-worker'];
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'bin/redress.js'), ...serve], {
    env: { ...env, REDRESS_SQLITE_SYNCHRONOUS: 'NORMAL', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  try {
    await untilEveryProcessChecks(url, key, processes);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, readyMs: Math.round(performance.now() - started), stop };
}

/** JPEG uploads are also measured with REDRESS_UPLOAD_MATCHING=plain, on a second start. */
const MODES = {
  hash: { check: 'hash-only', load: 'hash', matching: 'edits' },
  jpeg: { check: 'jpeg-1600x1004', load: 'jpeg', matching: 'edits' },
  'jpeg-plain': { check: 'jpeg-1600x1004 plain', load: 'jpeg', matching: 'plain' },
} as const;

const { key, seedMs } = await seed();
try {
  let service: Service | undefined;
  let running: string | undefined;
  for (const mode of modes) {
    const { check, load: loadMode, matching } = MODES[mode];
    const processes = processesFor(loadMode);
    if (running !== `${matching} ${processes}`) {
      await service?.stop();
      service = await startService(key, processes, { REDRESS_UPLOAD_MATCHING: matching });
      running = `${matching} ${processes}`;
      const started = { bank: bankSize + 1, processes, seedMs, readyMs: service.readyMs, matching };
      process.stdout.write(`${JSON.stringify(started)}\n`);
    }
    const cpu = groupCpuSeconds(service!.pid);
    const r = await load(service!.url, key, loadMode);
    // The service's CPU (all processes and threads) per check, warm-up included.
    const used = groupCpuSeconds(service!.pid) - cpu;
    const serverCpuMs = Number(((used * 1000) / (r.ok + r.warmOk)).toFixed(2));
    const { warmOk: _, ...shown } = r;
    const line = {
      check,
      bank: bankSize,
      processes,
      connections: connectionsFor(loadMode),
      ...shown,
      serverCpuMs,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  await service?.stop();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
