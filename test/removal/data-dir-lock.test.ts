/**
 * One service per SQLite data folder: a second `redress serve` (or a second standing `redress
 * worker`) on the same folder is refused with the first one's pid, while one-off commands keep
 * working beside it; after the first is killed with SIGKILL, a new `serve` starts at once.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, childEnv, runCli } from '../helpers/cli.ts';
import { testEnv } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { freePort } from '../support/net.ts';

const started: ChildProcess[] = [];

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  /** The exit status, or `running` if it is still up after `ms`. */
  const exit = (ms: number) =>
    new Promise<{ code: number | null | 'running'; stderr: string }>((resolve) => {
      if (child.exitCode !== null) return resolve({ code: child.exitCode, stderr });
      const timer = setTimeout(() => resolve({ code: 'running', stderr }), ms);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  return { child, exit };
}

async function serve(env: Record<string, string>) {
  const port = await freePort();
  const server = start(['serve', '--port', String(port)], env);
  const end = Date.now() + 30_000;
  while (Date.now() < end && server.child.exitCode === null) {
    const up = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`serve did not start: ${(await server.exit(0)).stderr}`);
}

async function waitForFile(file: string): Promise<void> {
  for (let i = 0; i < 300 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('one service per SQLite data folder', () => {
  let env: TestEnv | undefined;

  afterEach(async () => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
    await env?.cleanup();
  });

  it('refuses a second serve naming the first, lets one-off commands run, and restarts after kill -9', async () => {
    env = testEnv('sqlite');
    const first = await serve(env.env);

    const port = await freePort();
    const second = await start(['serve', '--port', String(port)], env.env).exit(20_000);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `another "redress serve" (pid ${first.child.pid}) is running on the data folder`,
    );

    const oneOff = await runCli(['audit', 'verify'], env.env);
    expect(oneOff.code, oneOff.stderr).toBe(0);

    first.child.kill('SIGKILL');
    await first.exit(10_000);
    const replacement = await serve(env.env);
    expect(fs.readFileSync(path.join(env.config.dataDir, 'serve.pid'), 'utf8').trim()).toBe(
      String(replacement.child.pid),
    );
  });

  it('refuses a second standing worker, not a one-off pass', async () => {
    env = testEnv('sqlite');
    const first = start(['worker'], env.env);
    await waitForFile(path.join(env.config.dataDir, 'worker.pid'));
    const second = await start(['worker'], env.env).exit(20_000);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another "redress worker" (pid ${first.child.pid})`);
    const once = await runCli(['worker', '--once'], env.env);
    expect(once.code, once.stderr).toBe(0);
    expect((await first.exit(0)).code).toBe('running');
  });
});
