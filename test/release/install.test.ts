/**
 * The release as an operator installs it: `npm pack` here, then `npm install -g` of the tarball
 * into an empty prefix, and the installed `redress` run from an empty folder, with no source tree,
 * TypeScript compiler or tsx anywhere near it.
 *
 * better-sqlite3's install script fetches a prebuilt binary from the internet, which this
 * machine cannot reach, and then compiles SQLite from source (minutes). The test hands it this
 * checkout's binary of the same version through prebuild-install's documented local-prebuilds
 * folder instead, as an operator without internet access would; the install script still runs.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.ts';
import { PDQ_FIXTURES, referenceHashes } from '../support/fixtures.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-release-'));
const prefix = path.join(work, 'prefix');
const bin = path.join(prefix, 'bin', 'redress');
const installed = path.join(prefix, 'lib', 'node_modules', 'redress');
const empty = path.join(work, 'elsewhere');

/** A prebuild-install tarball of this checkout's compiled better-sqlite3, named as its download. */
async function localPrebuilds(): Promise<string> {
  const dir = path.join(work, 'prebuilds');
  fs.mkdirSync(dir);
  const sqlite = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(fs.readFileSync(path.join(sqlite, 'package.json'), 'utf8'));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['czf', path.join(dir, name), '-C', sqlite, 'build/Release/better_sqlite3.node']);
  return dir;
}

/** Env without the checkout's npm script context (an `npm test` run sets npm_* for its children). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && !k.startsWith('REDRESS_')),
  );
  return { ...env, ...extra };
}

/**
 * A copy of the checkout to pack from: packing builds dist/, and rebuilding this checkout's own
 * dist/ would pull chunks from under `redress` processes other tests are running from it.
 */
function checkoutCopy(): string {
  const copy = path.join(work, 'checkout');
  for (const entry of [
    'package.json',
    'package-lock.json',
    'README.md',
    'bin',
    'docs',
    'scripts',
    'src',
    'packages',
  ]) {
    fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

beforeAll(async () => {
  const packed = await run('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: checkoutCopy(),
    env: cleanEnv({}),
  });
  const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1)!);
  expect(path.basename(tarball)).toBe(`redress-${VERSION}.tgz`);
  const prebuilds = await localPrebuilds();
  fs.mkdirSync(empty);
  await run(
    'npm',
    ['install', '-g', '--prefix', prefix, tarball, '--allow-scripts=better-sqlite3', '--prefer-offline'],
    {
      cwd: empty,
      env: cleanEnv({ npm_config_better_sqlite3_local_prebuilds: prebuilds, npm_config_audit: 'false' }),
      maxBuffer: 1 << 24,
    },
  );
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function redress(args: string[], env: Record<string, string> = {}) {
  return run(bin, args, { cwd: empty, env: cleanEnv(env), maxBuffer: 1 << 24 });
}

describe('the packed release, installed with npm install -g', () => {
  it('holds compiled JavaScript only: no sources, no TypeScript compiler, no tsx', () => {
    const files = fs.readdirSync(installed, { recursive: true }) as string[];
    const own = files.filter((f) => !f.startsWith('node_modules'));
    expect(own).toContain(path.join('dist', 'cli.js'));
    expect(own.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const modules = fs.readdirSync(path.join(installed, 'node_modules'));
    expect(modules).not.toContain('tsx');
    expect(modules).not.toContain('typescript');
    expect(modules).not.toContain('@redress'); // the workspace packages are compiled into dist
  });

  it('puts redress on the PATH and prints its commands', async () => {
    const { stdout } = await run('redress', ['--help'], {
      cwd: empty,
      env: cleanEnv({ PATH: `${path.dirname(bin)}:${process.env.PATH}` }),
    });
    expect(stdout).toMatch(/Usage: redress/);
    for (const command of ['hash', 'serve', 'audit', 'bank', 'backup', 'restore', 'move', 'keys']) {
      expect(stdout).toContain(`  ${command} `);
    }
  });

  it('hashes the fixtures as the reference tool does, on its hashing threads', async () => {
    const rows = referenceHashes('reference');
    const files = rows.map((row) => path.join(PDQ_FIXTURES, row.path));
    const { stdout } = await redress(['hash', ...files]);
    expect(stdout.trim().split('\n')).toEqual(
      rows.map((row, i) => `${row.hashes[0]},${row.quality},${files[i]}`),
    );
  });

  it('serves the API and the pages, with the prebuilt browser bundle', async () => {
    const port = await freePort();
    const server = spawn(bin, ['serve', '--port', String(port)], {
      cwd: empty,
      env: cleanEnv({ REDRESS_DATA_DIR: path.join(work, 'data'), REDRESS_LOG_LEVEL: 'warn' }),
      stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      let health: Response | undefined;
      for (let i = 0; i < 300 && !health?.ok; i++) {
        health = await fetch(`${base}/api/health`).catch(() => undefined);
        if (!health?.ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(await health?.json()).toEqual({ ok: true });
      const script = await (await fetch(`${base}/assets/redress.js`)).text();
      expect(script.length).toBeGreaterThan(1000);
      expect(script).not.toContain('bundle unavailable');
    } finally {
      server.kill('SIGTERM');
    }
  });
});
