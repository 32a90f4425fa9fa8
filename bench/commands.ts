/**
 * `npm run bench:commands`: whole-process times of the `redress` command as an operator runs it
 * (the compiled dist/, built first by the npm script): `redress --help`, `npx redress --help`,
 * `redress hash` over the 31 fixture photos beside the C++ reference `pdq-photo-hasher` on the
 * same files (when it is on the PATH; else the recorded 0.9 s), and `redress backup` of a seeded
 * instance. Each time is the median of BENCH_RUNS (default 7) runs, with the fastest.
 * BENCH_REQUESTS (default 5,000) and BENCH_HASHES (default 50,000) size the seeded instance.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openRuntime } from '../src/runtime.ts';
import { completeRequest } from '../test/helpers/fixtures.ts';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const requests = Number(process.env.BENCH_REQUESTS ?? 5000);
const hashes = Number(process.env.BENCH_HASHES ?? 50_000);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/redress.js');
const fixtures = path.join(root, 'test/fixtures/pdq');
const PHOTO_DIRS = [
  'bridge-mods',
  'reg-test-input/dih',
  'reg-test-input/exif-rotn',
  'reg-test-input/labelme-subset',
];
const photos = PHOTO_DIRS.flatMap((dir) =>
  fs
    .readdirSync(path.join(fixtures, dir))
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => path.join(fixtures, dir, f)),
);
const RECORDED_REFERENCE_SECONDS = 0.9;

function time(
  command: string,
  args: string[] | ((run: number) => string[]),
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const argv = typeof args === 'function' ? args(i) : args;
    const started = performance.now();
    const result = spawnSync(command, argv, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed: ${result.stderr}`);
    seconds.push((performance.now() - started) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return { median: seconds[Math.floor(seconds.length / 2)], fastest: seconds[0] };
}

const fmt = (t: { median: number; fastest: number }) =>
  `${t.median.toFixed(3)} s (fastest ${t.fastest.toFixed(3)} s)`;
const onPath = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

console.log(
  `cores: ${os.availableParallelism()}, load average: ${os.loadavg()[0].toFixed(2)}, runs: ${runs}`,
);
console.log(`redress --help                      ${fmt(time(process.execPath, [bin, '--help']))}`);
console.log(
  `npx redress --help                  ${fmt(time('npx', ['--no-install', 'redress', '--help'], { cwd: root }))}`,
);
const ours = time(process.execPath, [bin, 'hash', ...photos]);
const reference = onPath('pdq-photo-hasher')
  ? fmt(time('pdq-photo-hasher', photos))
  : `${RECORDED_REFERENCE_SECONDS} s (recorded; pdq-photo-hasher is not on the PATH)`;
console.log(`hash, ${photos.length} photos: redress            ${fmt(ours)}`);
console.log(`hash, ${photos.length} photos: C++ reference      ${reference}`);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-bench-'));
try {
  const env = { ...process.env, REDRESS_DATA_DIR: dataDir, REDRESS_LOG_LEVEL: 'warn' };
  const rt = await openRuntime(loadConfig({ REDRESS_DATA_DIR: dataDir }), { log: createLogger('error') });
  for (let done = 0; done < requests; done += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, requests - done) }, () =>
        rt.submit({ submission: completeRequest() }),
      ),
    );
  }
  await rt.close();
  const list = Array.from(
    { length: hashes },
    (_, i) => `pdq ${i.toString(16).padStart(8, '0').repeat(8)}`,
  ).join('\n');
  execFileSync(process.execPath, [bin, 'bank', 'import', 'bench', '-', '--source', 'bench'], {
    env,
    input: list,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const size = fs.statSync(path.join(dataDir, 'redress.sqlite')).size;
  const backups = path.join(dataDir, 'backups');
  fs.mkdirSync(backups);
  const backup = time(process.execPath, (run) => [bin, 'backup', '--out', path.join(backups, String(run))], {
    env,
  });
  console.log(
    `backup, ${requests} requests + ${hashes} bank hashes (${(size / 1e6).toFixed(1)} MB): ${fmt(backup)} (whole process)`,
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
