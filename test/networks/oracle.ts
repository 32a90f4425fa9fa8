/**
 * Runs a Python snippet against Meta's reference hash-exchange clients (../shared/oracles, not part
 * of the project) with Debian's python3, requests and dacite, and returns what it printed as JSON.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * `shared/oracles/threatexchange-clients` beside the checkout (or beside a folder above it), or
 * undefined: the clients are not part of the project, so a checkout elsewhere skips the fidelity
 * tests (and says so) instead of failing them.
 */
export const ORACLE_DIR = findOracle(path.resolve(import.meta.dirname, '../..'));

function findOracle(from: string): string | undefined {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/oracles/threatexchange-clients');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      console.warn(
        'the reference clients (shared/oracles) are not beside the checkout: fidelity tests skipped',
      );
      return undefined;
    }
  }
}

export async function runOracle(script: string): Promise<unknown> {
  if (!ORACLE_DIR) throw new Error('the reference clients (shared/oracles) are not beside the checkout');
  const child = spawn('/usr/bin/python3', ['-c', script], {
    env: { PYTHONPATH: ORACLE_DIR, PATH: '/usr/bin:/bin', TZ: 'UTC' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the reference client failed (${code}): ${err}`);
  return JSON.parse(out) as unknown;
}
