/**
 * `npm run bench:check`: stay-down checks per second with p50/p99 latency on loopback, against a
 * bank of 1,000,000 PDQ hashes: hash-only checks (a random PDQ hash per request) and uploads of a
 * 1600x1004 JPEG (decode, @redress/match query hashes, index search). The server runs in this
 * process with its index seeded directly from random hashes (loading 1M rows through SQL measures
 * the database, not the check); autocannon runs as a child process (bench/check-load.mjs).
 * Options: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 8), BENCH_BANK (default 1000000),
 * BENCH_MODES (default hash,jpeg).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MultiIndexHash } from '@redress/hamming-index';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { createLogger } from '../src/logger.ts';
import { bankHashesOf, decode } from '../src/media/fingerprint.ts';
import { openRuntime } from '../src/runtime.ts';
import { addBankEntry } from '../src/use-cases/add-bank-entry.ts';
import { createApiKey } from '../src/use-cases/create-api-key.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const bankSize = Number(process.env.BENCH_BANK ?? 1_000_000);
const modes = (process.env.BENCH_MODES ?? 'hash,jpeg').split(',') as Array<'hash' | 'jpeg'>;
const fixtures = path.resolve(import.meta.dirname, '../test/fixtures/pdq');
const jpeg = path.join(fixtures, 'bridge-mods/aaa-orig.jpg'); // 1600x1004

function load(url: string, key: string, mode: 'hash' | 'jpeg'): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(import.meta.dirname, 'check-load.mjs'),
        url,
        key,
        mode,
        String(seconds),
        String(connections),
        jpeg,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
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

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-bench-check-'));
const config = loadConfig({
  REDRESS_DATA_DIR: dataDir,
  REDRESS_SECRET_KEY: 'c'.repeat(64),
  REDRESS_LOG_LEVEL: 'warn',
  REDRESS_SQLITE_SYNCHRONOUS: 'NORMAL',
});
const rt = await openRuntime(config, { log: createLogger('warn') });
try {
  // One real banked image (all match variants, so the derived index is searched too) ...
  const other = readFileSync(path.join(fixtures, 'reg-test-input/labelme-subset/q0746.jpg'));
  const hashes = bankHashesOf(await decode(other)).map((v) => ({
    kind: 'pdq',
    value: v.hex,
    variant: v.variant,
    quality: v.quality,
  }));
  await addBankEntry(
    {
      transact: rt.database.transact,
      banks: rt.stayDown.repos.banks,
      audit: rt.repos.audit,
      clock: rt.clock,
      afterChange: rt.stayDown.afterBankChange,
    },
    { bank: 'takedowns', provenance: { kind: 'cli' }, addedBy: 'bench', hashes },
  );
  // ... and 1M random plain PDQ hashes, as an imported list would be.
  let started = performance.now();
  const codes = new Uint32Array(bankSize * 8);
  for (let i = 0; i < codes.length; i++) codes[i] = (Math.random() * 2 ** 32) >>> 0;
  const ids = new Uint32Array(bankSize).map((_, i) => 10_000_000 + i);
  await rt.stayDown.index.seedPlain(MultiIndexHash.build(codes, ids), ids);
  const seedMs = Math.round(performance.now() - started);
  process.stdout.write(`${JSON.stringify({ bank: rt.stayDown.index.size, seedMs })}\n`);

  const app = await buildApp(rt);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const { key } = await createApiKey(
    { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock },
    { name: 'bench', role: 'platform' },
  );
  for (const mode of modes) {
    started = performance.now();
    const r = await load(url, key, mode);
    process.stdout.write(
      `${JSON.stringify({ check: mode === 'hash' ? 'hash-only' : 'jpeg-1600x1004', bank: bankSize, connections, ...r })}\n`,
    );
  }
  // Requests autocannon abandoned at the end still run: let them finish before closing the database.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await app.close();
} finally {
  await rt.close();
  rmSync(dataDir, { recursive: true, force: true });
}
