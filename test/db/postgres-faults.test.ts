/**
 * PostgreSQL faults under load: the real `redress serve` (API, worker, bank index follower) runs on
 * a private cluster while requests and hash checks keep arriving; its connections are terminated
 * twice and the cluster is restarted twice (cleanly, then as after a crash). The service must stay
 * up, answer what it cannot do with 503 `database_unavailable` and Retry-After, recover on its own,
 * and every request it acknowledged with 201 must be in the database. The worker and the bank
 * index must resume after the faults.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { openRuntime } from '../../src/runtime.ts';
import { addBankEntry } from '../../src/use-cases/add-bank-entry.ts';
import { bearer } from '../copies/support.ts';
import { BIN, childEnv } from '../helpers/cli.ts';
import { TEST_KEY } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { freePort } from '../support/net.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startPrivateCluster } from '../support/private-postgres.ts';
import type { PrivateCluster } from '../support/private-postgres.ts';

interface Outcome {
  kind: 'intake' | 'check';
  status: number;
  code?: string;
  retryAfter: string | null;
  caseNumber?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch((error: unknown) => {
      if (error instanceof Error && error.message.startsWith('the service exited')) throw error;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('PostgreSQL connection loss and restarts', () => {
  let cluster: PrivateCluster;
  let dataDir: string;
  let env: Record<string, string>;
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;

  beforeAll(async () => {
    // A real mail server: without one, emails wait in the outbox and the jobs would never drain.
    smtp = await startSmtp();
    cluster = await startPrivateCluster();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-faults-'));
    env = {
      REDRESS_DATA_DIR: dataDir,
      REDRESS_SECRET_KEY: TEST_KEY,
      DATABASE_URL: cluster.url,
      REDRESS_LOG_LEVEL: 'warn',
      REDRESS_INTAKE_RATE_LIMIT: '0',
      REDRESS_INDEX_POLL_MS: '200',
      SMTP_URL: smtp.url,
    };
  });

  afterAll(async () => {
    await smtp?.close();
    cluster?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays up, answers 503 while the database is away, resumes, and loses nothing acknowledged', async () => {
    const config = loadConfig(env);
    const setup = await openRuntime(config, { log: createLogger('silent') });
    const platform = await bearer(setup, 'platform');
    await setup.close();

    const port = await freePort();
    const server = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
      env: childEnv(env),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited: number | string | null | undefined;
    server.once('exit', (code, signal) => (exited = code ?? signal));
    const base = `http://127.0.0.1:${port}`;
    try {
      await until('the service', () => fetch(`${base}/api/health`).then((r) => (r.ok ? true : undefined)));

      const outcomes: Outcome[] = [];
      const networkErrors: string[] = [];
      let stopped = false;
      let n = 0;
      const send = async (kind: Outcome['kind']) => {
        const i = n++;
        const sha256 = createHash('sha256').update(`upload ${i}`).digest('hex');
        const res = await fetch(kind === 'intake' ? `${base}/api/v1/requests` : `${base}/api/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(kind === 'check' ? platform : {}) },
          body: JSON.stringify(
            kind === 'intake'
              ? completeRequest()
              : { hashes: { pdq: i.toString(16).padStart(64, '0'), sha256 }, uploaderId: `u-${i}` },
          ),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await res.json()) as { caseNumber?: string; error?: { code: string } };
        outcomes.push({
          kind,
          status: res.status,
          code: body.error?.code,
          retryAfter: res.headers.get('retry-after'),
          caseNumber: body.caseNumber,
        });
      };
      const client = async (kind: Outcome['kind']) => {
        while (!stopped) {
          await send(kind).catch((error: unknown) => {
            networkErrors.push(String(error));
            return sleep(100);
          });
        }
      };
      const load = Promise.all([client('intake'), client('intake'), client('intake'), client('check')]);

      await sleep(1000);
      const terminated = [await cluster.terminate('redress')];
      await sleep(1000);
      terminated.push(await cluster.terminate('redress'));
      await sleep(1000);
      cluster.restart('fast');
      await sleep(1500);
      cluster.restart('immediate');
      const afterFaults = outcomes.length;
      await until('an acknowledged request after the restarts', async () => {
        if (exited !== undefined) throw new Error(`the service exited (${exited}): ${stderr.slice(-2000)}`);
        return outcomes.slice(afterFaults).some((o) => o.status === 201) ? true : undefined;
      });
      await sleep(1000);
      stopped = true;
      await load;

      expect(exited, stderr).toBeUndefined();
      expect(terminated.every((count) => count > 0)).toBe(true);
      expect(networkErrors).toEqual([]);
      const unexpected = outcomes.filter(
        (o) =>
          !(o.kind === 'intake' && o.status === 201) &&
          !(o.kind === 'check' && o.status === 200) &&
          !(o.status === 503 && o.code === 'database_unavailable' && o.retryAfter === '5'),
      );
      expect(unexpected).toEqual([]);
      const acknowledged = outcomes.flatMap((o) => (o.status === 201 ? [o.caseNumber!] : []));
      const refused = outcomes.filter((o) => o.status === 503).length;
      console.log(
        `${outcomes.length} answers: ${acknowledged.length} requests acknowledged, ` +
          `${outcomes.filter((o) => o.status === 200).length} checks, ${refused} refused with 503; ` +
          `backends terminated: ${terminated.join(', ')}`,
      );
      expect(outcomes.slice(afterFaults).filter((o) => o.status === 200).length).toBeGreaterThan(0);

      const db = new pg.Client({ connectionString: cluster.url });
      await db.connect();
      try {
        const { rows } = await db.query<{ case_number: string }>(
          'select case_number from requests where case_number = any($1)',
          [acknowledged],
        );
        expect(rows.map((r) => r.case_number).sort()).toEqual([...acknowledged].sort());

        // The worker resumed: every job that is due is done (claims a failed tick left are put back).
        await until(
          'the worker to drain the due jobs',
          async () => {
            const { rows: due } = await db.query<{ count: string }>(
              `select count(*) from jobs where status in ('pending', 'running') and run_at <= $1`,
              [new Date().toISOString()],
            );
            return Number(due[0].count) === 0 ? true : undefined;
          },
          90_000,
        );
      } finally {
        await db.end();
      }

      // The bank index follower resumed: an entry added by another process reaches its checks.
      const other = await openRuntime(config, { log: createLogger('silent') });
      const hex = 'f'.repeat(16) + '0'.repeat(48);
      try {
        await addBankEntry(other.stayDown.bankEntryDeps, {
          bank: 'partner',
          provenance: { kind: 'api', ref: null },
          addedBy: 'test',
          hashes: [{ kind: 'pdq', value: hex, variant: 'original', quality: 100, pipeline: null }],
        });
      } finally {
        await other.close();
      }
      const verdict = await until('the service to see the new bank entry', async () => {
        const res = await fetch(`${base}/api/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...platform },
          body: JSON.stringify({ hashes: { pdq: hex }, dryRun: true }),
        });
        const body = (await res.json()) as { verdict: string };
        return body.verdict === 'allow' ? undefined : body.verdict;
      });
      expect(verdict).toBe('block');
      expect(exited, stderr).toBeUndefined();
    } finally {
      server.kill('SIGKILL');
    }
  }, 240_000);

  it('puts back a job its worker could not settle while the database was away, and runs it again', async () => {
    const rt = await openRuntime(loadConfig(env), { log: createLogger('silent') });
    let runs = 0;
    const worker = new Worker({
      transact: rt.database.transact,
      jobs: rt.repos.jobs,
      clock: rt.clock,
      log: createLogger('silent'),
      // The database goes away while the job runs: marking it done fails, and so does recording a failure.
      handlers: {
        'test.outage': async () => {
          if (++runs === 1) cluster.shutDown();
        },
      },
      sweep: async () => undefined,
    });
    await rt.database.transact((trx) =>
      rt.repos.jobs.enqueue(trx, { type: 'test.outage', payload: {}, runAt: rt.clock.now() }, rt.clock.now()),
    );
    worker.start(100);
    try {
      await sleep(1500);
      cluster.start();
      // Well before the five minutes after which another worker would reclaim it.
      await until(
        'the job to be done',
        async () => {
          const [job] = await rt.repos.jobs.list(rt.database.db, { type: 'test.outage' });
          return job?.status === 'done' ? true : undefined;
        },
        30_000,
      );
      expect(runs).toBe(2);
    } finally {
      await worker.stop();
      await rt.close();
    }
  }, 120_000);
});
