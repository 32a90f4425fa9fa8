/**
 * `npx redress serve` stops when the `npx` process is told to stop. npm runs the command under
 * `sh -c`, which does not pass SIGTERM on, so the server used to keep the port after npx exited.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv } from '../helpers/cli.ts';
import { freePort } from '../support/net.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function waitFor(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('redress serve started through npx', () => {
  it('closes its port when the npx process gets SIGTERM', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-npx-'));
    const npx = spawn('npx', ['--yes', 'redress', 'serve', '--port', String(port), '--data-dir', dataDir], {
      cwd: ROOT,
      env: childEnv({ REDRESS_LOG_LEVEL: 'info' }),
    });
    let log = '';
    npx.stdout.on('data', (d: Buffer) => (log += d.toString()));
    npx.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const serverPid = () => Number(/"pid":(\d+)[^\n]*Redress listening/.exec(log)?.[1] ?? 0);
    try {
      expect(await waitFor(() => listening(port), 60_000), log).toBe(true);
      npx.kill('SIGTERM');
      expect(await waitFor(async () => !(await listening(port)), 15_000), log).toBe(true);
    } finally {
      // Never leave a server behind, whatever the outcome.
      const pid = serverPid();
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      npx.kill('SIGKILL');
    }
  }, 90_000);
});
