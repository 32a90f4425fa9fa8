/**
 * An upgrade in place: a data folder written by release 0.1.0 is opened by the current code.
 * Migrations bring it up to date, its requests and audit chain survive, its bank still blocks,
 * and a second start finds nothing left to migrate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const RELEASE = path.resolve(import.meta.dirname, '../fixtures/releases/0.1.0');
const BANKED = path.resolve(import.meta.dirname, '../fixtures/pdq/bridge-mods/aaa-orig.jpg');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function copyOfRelease(): Record<string, string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-upgrade-'));
  dirs.push(dataDir);
  for (const file of ['redress.sqlite', 'secret.key']) {
    fs.copyFileSync(path.join(RELEASE, file), path.join(dataDir, file));
  }
  return { REDRESS_DATA_DIR: dataDir, REDRESS_LOG_LEVEL: 'warn' };
}

describe('upgrading a data folder of release 0.1.0', () => {
  it('keeps its audit chain, its requests and its bank', async () => {
    const env = copyOfRelease();
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/OK/);

    const check = await runCli(['check', BANKED], env);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout.trim())).toMatchObject({ verdict: 'block' });

    const banks = await runCli(['bank', 'list'], env);
    expect(banks.stdout).toMatch(/"takedowns"/);

    const exported = await runCli(['audit', 'export'], env);
    const events = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(events.filter((e) => e.type === 'request.received')).toHaveLength(2);
    expect(events.map((e) => e.type)).toContain('request.decided');
  });
});
