/**
 * `redress serve --processes 2`: two API processes share one port, each with its own bank index
 * following the database. A hash banked through either process blocks checks in every process
 * within seconds, a process that dies is replaced, and SIGTERM to the primary stops them all.
 * Runs the real command line as a child process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { BIN, childEnv } from '../helpers/cli.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { freePort } from '../support/net.ts';

/** The primary's HTTP processes: its children running the redress command (not, say, esbuild). */
function children(pid: number): number[] {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  return pids.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('redress');
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** Running, not merely a zombie waiting for init to collect its exit status. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(DATABASES)('serve --processes 2 on %s', (kind) => {
  it('shares the port, keeps every index in step, replaces a dead process and stops cleanly', async () => {
    const env = testEnv(kind, { REDRESS_INDEX_POLL_MS: '200' });
    const rt = await openRuntime(env.config, { log: createLogger('warn') });
    const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
    const { key } = await createApiKey(deps, { name: 'test', role: 'admin' });
    await rt.close();

    const port = await freePort();
    const args = [BIN, 'serve', '--no-worker', '--port', String(port), '--processes', '2'];
    const server = spawn(process.execPath, args, { env: childEnv(env.env), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const hex = 'f'.repeat(16) + '0'.repeat(48);
    // Sixteen checks at once: connections are handed out in turn, so both processes answer.
    const verdicts = async () => {
      const answers = await Promise.all(
        Array.from({ length: 16 }, () => post('/api/v1/check', { hashes: { pdq: hex }, dryRun: true })),
      );
      return Promise.all(answers.map(async (r) => ((await r.json()) as { verdict: string }).verdict));
    };
    try {
      await until(async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined), 'the API');
      expect(children(server.pid!)).toHaveLength(2);
      expect(new Set(await verdicts())).toEqual(new Set(['allow']));

      const added = await post('/api/v1/banks/imported/entries', { hashes: [{ kind: 'pdq', value: hex }] });
      expect(added.status).toBe(201);
      await until(
        async () => ((await verdicts()).every((v) => v === 'block') ? true : undefined),
        'every process to see the new hash',
      );

      const [victim] = children(server.pid!);
      process.kill(victim, 'SIGKILL');
      await until(async () => {
        const now = children(server.pid!);
        return now.length === 2 && !now.includes(victim) ? true : undefined;
      }, 'a replacement process');
      await until(
        async () => ((await verdicts()).every((v) => v === 'block') ? true : undefined),
        'the replacement to load the index',
      );
    } finally {
      const last = children(server.pid!);
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      await env.cleanup();
      expect(last.filter(alive), 'HTTP processes left running').toEqual([]);
    }
  }, 90_000);
});
