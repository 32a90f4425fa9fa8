/**
 * The data folder's temporary area at start-up: what processes that are gone left behind (a crash
 * mid-check) is removed, a folder of a process still running (another `--processes` process, a
 * `redress worker`) is kept, and this process's own pid can only name a previous life's folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { prepareTempArea } from '../../src/media/temp-area.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-temp-area-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('removes the folders of processes that are gone, and keeps those of running ones', async () => {
  const running = spawn('sleep', ['30']);
  const gone = spawn('true');
  await new Promise((resolve) => gone.once('exit', resolve));
  try {
    const left = (pid: number | string) => {
      const dir = path.join(dataDir, 'tmp', String(pid), 'video-x');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'media'), 'an upload');
      return path.dirname(dir);
    };
    const [mine, theirs, crashed, stray] = [process.pid, running.pid!, gone.pid!, 'not-a-pid'].map(left);
    expect(prepareTempArea(dataDir)).toBe(mine);
    expect([mine, theirs, crashed, stray].map((dir) => existsSync(dir))).toEqual([false, true, false, false]);
  } finally {
    running.kill('SIGKILL');
  }
});
