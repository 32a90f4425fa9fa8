/**
 * The operator's bank and account commands refuse mistakes instead of quietly acting on them:
 * `redress bank add` to a misspelt bank is refused (listing the banks) unless `--create` is given,
 * entries are labelled with the file name rather than the local path (labels reach the platform
 * in match explanations), and `redress user create` for an existing address fails.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { testEnv } from '../helpers/databases.ts';

const BRIDGE = path.resolve(import.meta.dirname, '../fixtures/pdq/bridge-mods/aaa-orig.jpg');

describe('bank and account commands on a data folder', () => {
  const env = testEnv('sqlite');
  afterAll(() => env.cleanup());

  it('bank add: unknown banks need --create; labels are file names', { timeout: 60_000 }, async () => {
    const first = await runCli(['bank', 'add', 'takedowns', BRIDGE], env.env);
    expect(first.code, first.stderr).toBe(0);

    const typo = await runCli(['bank', 'add', 'takedwns', BRIDGE], env.env);
    expect(typo.code).not.toBe(0);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('no bank named "takedwns" (existing: takedowns)');
    expect(typo.stderr).toContain('--create');
    const banks = (await runCli(['bank', 'list'], env.env)).stdout.trim().split('\n');
    expect(banks.map((l) => JSON.parse(l).name)).toEqual(['takedowns']);

    const created = await runCli(['bank', 'add', 'partner-originals', BRIDGE, '--create'], env.env);
    expect(created.code, created.stderr).toBe(0);

    const checked = await runCli(['check', BRIDGE, '--explain'], env.env);
    const explanations = (
      JSON.parse(checked.stdout.trim().split('\n')[0]) as {
        matches: { explanation: string }[];
      }
    ).matches.map((m) => m.explanation);
    expect(explanations.length).toBeGreaterThan(0);
    for (const text of explanations) {
      expect(text).toContain('aaa-orig.jpg');
      expect(text).not.toContain(path.dirname(BRIDGE));
    }
  });

  it('user create: an existing address fails with a clear message', { timeout: 60_000 }, async () => {
    const made = await runCli(['user', 'create', '--email', 'ana@platform.example'], env.env);
    expect(made.code, made.stderr).toBe(0);
    const again = await runCli(['user', 'create', '--email', 'Ana@Platform.example'], env.env);
    expect(again.code).not.toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('a staff account for ana@platform.example already exists');
  });
});
