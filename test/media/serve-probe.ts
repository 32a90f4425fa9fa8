/**
 * The real `redress serve` as a child process on a fresh SQLite data folder, with a platform key,
 * and what the kernel says about its memory and CPU: hostile media is judged by what it costs
 * the running service (peak and current RSS of the process and its threads, CPU time, children),
 * not by what the test process sees.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { BIN, childEnv } from '../helpers/cli.ts';
import { testEnv } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { freePort } from '../support/net.ts';

export interface CheckAnswer {
  status: number;
  body: { verdict?: string; error?: { code: string; message: string } };
}

export interface ServeProbe {
  readonly env: TestEnv;
  readonly base: string;
  readonly key: string;
  readonly pid: number;
  /** POSTs media bytes to /api/v1/check; resolves with the status and parsed body. */
  check(bytes: Uint8Array, contentType: string, signal?: AbortSignal): Promise<CheckAnswer>;
  /** Starts the service again on the same data folder (after `kill`). */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** User plus system CPU time the process has used so far, in seconds. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
}

/** The process's direct children that are running a given program (e.g. ffmpeg). */
export function childrenRunning(pid: number, program: string): number[] {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return [];
  }
  return pids.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0')[0].endsWith(program);
    } catch {
      return false;
    }
  });
}

export async function startServe(extraEnv: Record<string, string> = {}): Promise<ServeProbe> {
  const env = testEnv('sqlite', extraEnv);
  const rt = await openRuntime(env.config, { log: createLogger('warn') });
  const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
  const { key } = await createApiKey(deps, { name: 'platform', role: 'platform' });
  await rt.close();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess;
  const launch = async () => {
    server = spawn(process.execPath, [BIN, 'serve', '--no-worker', '--port', String(port)], {
      env: childEnv(env.env),
      stdio: 'ignore',
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline || server.exitCode !== null) throw new Error('redress serve did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await launch();
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill(signal);
    await exited;
  };
  return {
    env,
    base,
    key,
    get pid() {
      return server.pid!;
    },
    async check(bytes, contentType, signal) {
      const res = await fetch(`${base}/api/v1/check?dryRun=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
        body: new Uint8Array(bytes),
        signal,
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text.startsWith('{') ? (JSON.parse(text) as CheckAnswer['body']) : {},
      };
    },
    restart: launch,
    kill,
    async close() {
      await kill('SIGKILL');
      await env.cleanup();
    },
  };
}

/** Samples a process's RSS every 50 ms while `work` runs; returns its result and the peak seen. */
export async function whileSampling<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number; seconds: number }> {
  let peakRssMb = memoryOf(pid).rssMb;
  const timer = setInterval(() => {
    try {
      peakRssMb = Math.max(peakRssMb, memoryOf(pid).rssMb);
    } catch {
      // the process ended; the test will say so
    }
  }, 50);
  const started = Date.now();
  try {
    const result = await work();
    return { result, peakRssMb, seconds: (Date.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}
