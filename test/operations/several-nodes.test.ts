/**
 * Three `redress serve` nodes (separate processes and data folders) on one PostgreSQL schema, as
 * separate hosts would run: a hash banked through node 1 blocks on node 3 at once (the index
 * polls only every minute here, so only the database's change notification can bring it); a node
 * killed in the middle of a job loses nothing, another node's worker finishes it; and each
 * escalation stage of an overdue request fires once although three workers sweep.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { BIN, childEnv } from '../helpers/cli.ts';
import { testEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { freePort } from '../support/net.ts';

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Node {
  base: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

const nodes: Node[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const node of nodes) node.child.kill('SIGKILL');
  await Promise.all(nodes.map((n) => n.exited));
  for (const cleanup of cleanups) await cleanup();
});

async function startNode(env: Record<string, string>): Promise<Node> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-node-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    env: childEnv({ ...env, REDRESS_DATA_DIR: dataDir }),
    stdio: 'ignore',
  });
  const node = { base: `http://127.0.0.1:${port}`, child, exited: new Promise((r) => child.once('exit', r)) };
  nodes.push(node);
  await until(async () => ((await fetch(`${node.base}/api/ready`)).ok ? true : undefined), 'a node');
  return node;
}

describe('three nodes on one PostgreSQL', () => {
  it('share banks at once, finish a dead node’s job and fire each deadline stage once', async () => {
    let holding = true;
    const smtp = await startSmtp({ hold: () => holding });
    cleanups.push(() => smtp.close());
    const shared = testEnv('postgres', {
      SMTP_URL: smtp.url,
      REDRESS_STAFF_EMAILS: 'oncall@platform.example',
      REDRESS_INDEX_POLL_MS: '60000',
      REDRESS_JOB_STALE_AFTER_S: '3',
      REDRESS_LOG_LEVEL: 'error',
    });
    cleanups.push(() => shared.cleanup());

    // A request received 49 hours ago: every escalation stage is due, and its receipt email too.
    const clock = new ManualClock(new Date(Date.now() - 49 * 3_600_000));
    const rt = await openRuntime(shared.config, { clock, log: createLogger('warn') });
    const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };
    const { requestId } = await submitRequest(deps, completeRequest());
    const { key } = await createApiKey(
      { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock },
      { name: 'ops', role: 'admin' },
    );
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const post = (node: Node, route: string, body: unknown) =>
      fetch(`${node.base}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });

    // Node 1 claims the receipt email, and dies while the mail server has not answered.
    const first = await startNode(shared.env);
    await until(async () => {
      const [job] = await rt.repos.jobs.list(rt.database.db, { type: 'email.requester' });
      return job?.status === 'running' ? true : undefined;
    }, 'node 1 to start sending the receipt');
    first.child.kill('SIGKILL');
    await first.exited;
    holding = false;

    const second = await startNode(shared.env);
    const third = await startNode(shared.env);

    const hex = 'f0'.repeat(8) + '0'.repeat(48);
    const verdictOn = async (node: Node) =>
      (
        (await (await post(node, '/api/v1/check', { hashes: { pdq: hex }, dryRun: true })).json()) as {
          verdict: string;
        }
      ).verdict;
    expect(await verdictOn(third)).toBe('allow');
    expect((await post(second, '/api/v1/banks', { name: 'shared', onMatch: 'block' })).ok).toBe(true);
    const banked = Date.now();
    expect(
      (await post(second, '/api/v1/banks/shared/entries', { hashes: [{ kind: 'pdq', value: hex }] })).status,
    ).toBe(201);
    await until(
      async () => ((await verdictOn(third)) === 'block' ? true : undefined),
      'node 3 to block',
      20_000,
    );
    console.log(`a hash banked on node 2 blocked on node 3 after ${Date.now() - banked} ms`);

    // The dead node's job is taken over after 3 s and sent once.
    await until(async () => {
      const [job] = await rt.repos.jobs.list(rt.database.db, { type: 'email.requester' });
      return job?.status === 'done' ? job : undefined;
    }, 'the receipt to be sent by another node');
    expect(smtp.messages.filter((m) => m.to.includes('alex@example.org'))).toHaveLength(1);

    // Every node's worker swept; each stage is recorded and announced once.
    const stages = await rt.database.db
      .selectFrom('escalations')
      .select('stage')
      .where('request_id', '=', requestId)
      .execute();
    expect(stages.map((s) => s.stage).sort()).toEqual(['alarm', 'decision', 'overdue', 'removal', 'triage']);
    const staffEmails = await rt.repos.jobs.list(rt.database.db, { type: 'email.staff' });
    expect(staffEmails).toHaveLength(5);
    await rt.close();
  }, 180_000);
});
