/**
 * A decode over its budget really stops: the hashing thread running it is ended, so the process
 * spends no more CPU on it and gets its memory back. Measured on a child process (pool-probe.ts)
 * from /proc, with a 64-megapixel HEIC (WebAssembly, which no timer can interrupt) that takes
 * two seconds or more to decode, given a limit of 0.25 s (plus the pool's 1 s of grace) or
 * abandoned by its caller after 0.25 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridHeic } from './hostile-media.ts';
import { cpuSecondsOf, memoryOf } from './serve-probe.ts';
import { FIXTURES } from '../support/fixtures.ts';

const PROBE = path.join(import.meta.dirname, 'pool-probe.ts');
const work = mkdtempSync(path.join(os.tmpdir(), 'redress-pool-'));
const heic = path.join(work, 'large.heic');

beforeAll(async () => writeFileSync(heic, await gridHeic(8000, 8000)));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the probe; resolves once the job is answered, with the child's pid and the answer. */
function probe(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', PROBE, heic, `${FIXTURES}bridge.heic`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let rssReady = 0;
  const answer = new Promise<{ code: string; ms: number }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n').slice(0, -1)) {
        const message = JSON.parse(line) as { event: string; code: string; ms: number };
        if (message.event === 'ready' && !rssReady) rssReady = memoryOf(child.pid!).rssMb;
        if (message.event === 'answer') resolve(message);
      }
    });
    child.on('exit', () => reject(new Error('the probe ended before answering')));
  });
  return { child, answer, rssReady: () => rssReady };
}

describe('hashing pool', () => {
  it.each([
    ['over its time limit', { LIMIT_MS: '250' }, 'MEDIA_TIMEOUT'],
    ['abandoned by its caller', { ABORT_MS: '250' }, 'TimeoutError'],
  ])('ends a HEIC decode %s: no more CPU is spent on it, its memory is returned', async (_, env, code) => {
    const run = probe(env);
    try {
      const answer = await run.answer;
      expect(answer.code).toBe(code);
      const cpu = cpuSecondsOf(run.child.pid!);
      await new Promise((r) => setTimeout(r, 1500));
      const spent = cpuSecondsOf(run.child.pid!) - cpu;
      const { rssMb } = memoryOf(run.child.pid!);
      console.info(`${code}: answered in ${answer.ms} ms; CPU after ${spent} s; RSS ${rssMb} MB`);
      expect(spent).toBeLessThan(0.3); // the decode takes seconds of CPU when left running
      expect(rssMb - run.rssReady()).toBeLessThan(100);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
