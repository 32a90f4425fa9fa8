/**
 * `npm run bench:soak`: the real `redress serve` (API and worker in one process, SQLite in a
 * fresh data folder, synchronous FULL as shipped) under mixed load for BENCH_MINUTES (default
 * 30): removal requests, their status pages, hash-only and JPEG upload checks, and staff reads of
 * the queue and of cases, each kind at its own steady rate. Every minute it prints one JSON line:
 * requests and errors per kind, p99 latency per kind, the service's RSS. At the end it checks
 * that every request acknowledged with 201 is in the database, and prints whether RSS stayed
 * within 15% of its value after the first (warm-up) minute.
 *
 * Rates per second: BENCH_INTAKE (default 2), BENCH_STATUS (4), BENCH_HASH_CHECKS (20),
 * BENCH_JPEG_CHECKS (4), BENCH_STAFF_READS (2).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openRuntime } from '../src/runtime.ts';
import { createApiKey } from '../src/use-cases/create-api-key.ts';
import { completeRequest } from '../test/helpers/fixtures.ts';
import { freePort } from '../test/support/net.ts';

const minutes = Number(process.env.BENCH_MINUTES ?? 30);
const rate = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const root = path.resolve(import.meta.dirname, '..');
const jpeg = readFileSync(path.join(root, 'test/fixtures/pdq/bridge-mods/aaa-orig.jpg'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-soak-'));
// One client sends every request: the per-address intake limit would refuse most of them.
const env: NodeJS.ProcessEnv = {
  REDRESS_INTAKE_RATE_LIMIT: '0',
  ...process.env,
  REDRESS_DATA_DIR: dataDir,
  REDRESS_LOG_LEVEL: 'warn',
};
delete env.DATABASE_URL;

async function keys(): Promise<{ platform: string; moderator: string }> {
  const rt = await openRuntime(loadConfig(env), { log: createLogger('warn') });
  const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
  const platform = (await createApiKey(deps, { name: 'soak platform', role: 'platform' })).key;
  const moderator = (await createApiKey(deps, { name: 'soak moderator', role: 'moderator' })).key;
  await rt.close();
  return { platform, moderator };
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

interface Tally {
  requests: number;
  errors: number;
  latencies: number[];
}

const { platform, moderator } = await keys();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [path.join(root, 'bin/redress.js'), 'serve', '--port', String(port)], {
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const exited = new Promise((resolve) => child.once('exit', resolve));
for (let i = 0; ; i++) {
  const ok = await fetch(`${base}/api/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (i > 600) throw new Error('the service did not become ready');
  await new Promise((r) => setTimeout(r, 100));
}

const acknowledged: string[] = [];
const tokens: Array<{ caseNumber: string; token: string }> = [];
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const json = { 'content-type': 'application/json' };
const randomPdq = () =>
  Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

const kinds: Record<string, { perSecond: number; send: () => Promise<Response> }> = {
  intake: {
    perSecond: rate('BENCH_INTAKE', 2),
    send: async () => {
      const res = await fetch(`${base}/api/v1/requests`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(completeRequest()),
      });
      if (res.status === 201) {
        const body = (await res.clone().json()) as { caseNumber: string; statusToken: string };
        acknowledged.push(body.caseNumber);
        tokens.push({ caseNumber: body.caseNumber, token: body.statusToken });
      }
      return res;
    },
  },
  status: {
    perSecond: rate('BENCH_STATUS', 4),
    send: () => {
      const pick = tokens[Math.floor(Math.random() * tokens.length)];
      if (!pick) return fetch(`${base}/notice`);
      return fetch(`${base}/requests/${pick.caseNumber}/status?token=${encodeURIComponent(pick.token)}`);
    },
  },
  hashCheck: {
    perSecond: rate('BENCH_HASH_CHECKS', 20),
    send: () =>
      fetch(`${base}/api/v1/check`, {
        method: 'POST',
        headers: { ...auth(platform), ...json },
        body: JSON.stringify({ hashes: { pdq: randomPdq() }, dryRun: true }),
      }),
  },
  jpegCheck: {
    perSecond: rate('BENCH_JPEG_CHECKS', 4),
    send: () =>
      fetch(`${base}/api/v1/check?dryRun=true`, {
        method: 'POST',
        headers: { ...auth(platform), 'content-type': 'image/jpeg' },
        body: new Uint8Array(jpeg),
      }),
  },
  staffRead: {
    perSecond: rate('BENCH_STAFF_READS', 2),
    send: () => {
      const pick = acknowledged[Math.floor(Math.random() * acknowledged.length)];
      const route = pick && Math.random() < 0.5 ? `/api/v1/staff/requests/${pick}` : '/api/v1/staff/queue';
      return fetch(`${base}${route}`, { headers: auth(moderator) });
    },
  },
};

const fresh = (): Record<string, Tally> =>
  Object.fromEntries(Object.keys(kinds).map((k) => [k, { requests: 0, errors: 0, latencies: [] }]));
let tally = fresh();
let errorsInAll = 0;
const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.ceil(sorted.length * 0.99) - 1]) : null;
};

const timers = Object.entries(kinds).map(([name, kind]) =>
  setInterval(() => {
    const started = performance.now();
    kind
      .send()
      .then(async (res) => {
        await res.arrayBuffer();
        return res.status < 400;
      })
      .catch(() => false)
      .then((ok) => {
        const t = tally[name];
        t.requests++;
        t.latencies.push(performance.now() - started);
        if (!ok) {
          t.errors++;
          errorsInAll++;
        }
      });
  }, 1000 / kind.perSecond),
);

const rssAfterWarmUp: number[] = [];
for (let minute = 1; minute <= minutes; minute++) {
  await new Promise((r) => setTimeout(r, 60_000));
  const rss = rssBytes(child.pid!);
  if (minute >= 2) rssAfterWarmUp.push(rss);
  const line: Record<string, unknown> = { minute, rssMb: Math.round(rss / 1048576) };
  for (const [name, t] of Object.entries(tally)) {
    line[name] = { requests: t.requests, errors: t.errors, p99Ms: p99(t.latencies) };
  }
  console.log(JSON.stringify(line));
  tally = fresh();
}
for (const timer of timers) clearInterval(timer);
await new Promise((r) => setTimeout(r, 3000));
child.kill('SIGTERM');
await exited;

const rt = await openRuntime(loadConfig(env), { log: createLogger('warn') });
const stored = new Set(
  (await rt.database.db.selectFrom('requests').select('case_number').execute()).map((r) => r.case_number),
);
await rt.close();
const lost = acknowledged.filter((c) => !stored.has(c));
const [first] = rssAfterWarmUp;
const spread = first ? Math.max(...rssAfterWarmUp.map((r) => Math.abs(r - first) / first)) : 0;
console.log(
  JSON.stringify({
    minutes,
    acknowledged: acknowledged.length,
    lost: lost.length,
    errors: errorsInAll,
    rssSpreadAfterWarmUp: Math.round(spread * 1000) / 1000,
    rssFlatWithin15pc: spread <= 0.15,
  }),
);
rmSync(dataDir, { recursive: true, force: true });
