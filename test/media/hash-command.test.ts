/**
 * `redress hash` end to end (sharp decoding + the pure core) against the reference tables: the
 * command a platform engineer runs must print exactly the reference tool's lines.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PDQ_FIXTURES, referenceDihedralHashes, referenceHashes } from '../support/fixtures.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/redress.js', import.meta.url).pathname;

async function redress(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { cwd: PDQ_FIXTURES, maxBuffer: 1 << 24 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('redress hash', () => {
  it.each(['reference', 'fullres'] as const)(
    'prints the reference hash,quality,FILE lines (--profile %s)',
    async (profile) => {
      const rows = referenceHashes(profile);
      const { stdout, code } = await redress(['hash', '--profile', profile, ...rows.map((row) => row.path)]);
      expect(code).toBe(0);
      expect(stdout.trim().split('\n')).toEqual(
        rows.map((row) => `${row.hashes[0]},${row.quality},${row.path}`),
      );
    },
  );

  it('prints the 8 dihedral hashes in the reference column order (--dihedral)', async () => {
    const rows = referenceDihedralHashes();
    const { stdout, code } = await redress(['hash', '--dihedral', ...rows.map((row) => row.path)]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(
      rows.map((row) => [...row.hashes, row.quality, row.path].join(',')),
    );
  });

  it('defaults to the reference profile', async () => {
    const [row] = referenceHashes('reference').filter((r) => r.path.includes('exif-rotn-1'));
    const { stdout } = await redress(['hash', row.path]);
    expect(stdout).toBe(`${row.hashes[0]},${row.quality},${row.path}\n`);
  });

  it('reports a failing file on stderr, hashes the rest, and exits non-zero', async () => {
    const good = 'bridge-mods/aaa-orig.jpg';
    const { stdout, stderr, code } = await redress([
      'hash',
      'missing.jpg',
      'reference/pdq-cpp-reference-hashes.csv',
      good,
    ]);
    expect(code).not.toBe(0);
    expect(stdout).toBe(`d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22,100,${good}\n`);
    expect(stderr).toContain('missing.jpg: no such file (MEDIA_NOT_FOUND)');
    expect(stderr).toContain(
      'pdq-cpp-reference-hashes.csv: not a supported image format (MEDIA_UNSUPPORTED)',
    );
  });

  it('refuses an unknown profile', async () => {
    const { stderr, code } = await redress(['hash', '--profile', 'fast', 'bridge-mods/aaa-orig.jpg']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--profile must be reference or fullres');
  });
});
