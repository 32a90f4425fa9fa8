/**
 * `redress backup` of a serving SQLite instance under intake load, and `redress restore` into a
 * new data folder: every request answered 201 before the backup started is in the restored copy,
 * readable with the instance key, and its audit chain verifies.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { childEnv, runCli } from '../helpers/cli.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { freePort } from '../support/net.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-backup-'));
const live = path.join(work, 'live');
// No REDRESS_SECRET_KEY: the instance generates its key into its data folder, as by default.
const env = { REDRESS_DATA_DIR: live, REDRESS_LOG_LEVEL: 'warn', REDRESS_INTAKE_RATE_LIMIT: '0' };
let server: ReturnType<typeof spawn>;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  server = spawn(process.execPath, [path.resolve('bin/redress.js'), 'serve', '--port', String(port)], {
    env: childEnv(env),
    stdio: 'ignore',
  });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redress serve did not start');
});

afterAll(() => {
  server.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

/** Submits requests on `connections` loops until stopped; each 201 is kept with when it came. */
function intakeLoad(connections: number) {
  const acknowledged: { caseNumber: string; at: number }[] = [];
  let stopped = false;
  const loop = async () => {
    for (let i = 0; i < 2000 && !stopped; i++) {
      const res = await fetch(`${base}/api/v1/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(completeRequest()),
      });
      const body = (await res.json()) as { caseNumber: string };
      if (res.status === 201) acknowledged.push({ caseNumber: body.caseNumber, at: performance.now() });
    }
  };
  const running = Promise.all(Array.from({ length: connections }, loop));
  return {
    acknowledged,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

describe('backup and restore of a serving SQLite instance', () => {
  it('keeps every request acknowledged before the backup started, with an intact audit chain', async () => {
    const load = intakeLoad(8);
    while (load.acknowledged.length < 50) await new Promise((r) => setTimeout(r, 20));
    const out = path.join(work, 'live.backup');
    const started = performance.now();
    const backup = await runCli(['backup', '--out', out, '--include-key'], env);
    const finished = performance.now();
    await load.stop();
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ out, key: `${out}.key` });
    expect(fs.statSync(`${out}.key`).mode & 0o777).toBe(0o600);
    const before = load.acknowledged.filter((a) => a.at < started);
    const during = load.acknowledged.filter((a) => a.at >= started && a.at <= finished);
    expect(during.length).toBeGreaterThan(0); // intake kept answering while the backup ran

    const restored = path.join(work, 'restored');
    const restore = await runCli(['restore', out, '--data-dir', restored], {});
    expect(restore.code, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ dataDir: restored, auditIntact: true });
    const verify = await runCli(['audit', 'verify', '--data-dir', restored], {});
    expect(verify.code).toBe(0);

    const rt = await openRuntime(loadConfig({ REDRESS_DATA_DIR: restored }), { log: createLogger('silent') });
    try {
      for (const { caseNumber } of before) {
        const row = await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
        expect(row, caseNumber).toBeDefined();
        expect(JSON.parse(rt.cipher.open(row!.submission_enc)).submitter.email).toBe('alex@example.org');
      }
    } finally {
      await rt.close();
    }
  });

  it('without --include-key says where the key lives and writes none; restore then needs the key', async () => {
    const out = path.join(work, 'keyless.backup');
    const backup = await runCli(['backup', '--out', out], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain(path.join(live, 'secret.key'));
    expect(fs.existsSync(`${out}.key`)).toBe(false);

    const target = path.join(work, 'keyless-restored');
    const refused = await runCli(['restore', out, '--data-dir', target], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no instance key/);
    expect(fs.existsSync(target)).toBe(false);

    const restored = await runCli(
      ['restore', out, '--data-dir', target, '--key', path.join(live, 'secret.key')],
      {},
    );
    expect(restored.code, restored.stderr).toBe(0);
    const again = await runCli(
      ['restore', out, '--data-dir', target, '--key', path.join(live, 'secret.key')],
      {},
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already/);
  });

  it('refuses a file that is not a backup, and an existing output file', async () => {
    const junk = path.join(work, 'junk.backup');
    fs.writeFileSync(junk, 'not a database at all, just some text that is long enough'.repeat(20));
    const restore = await runCli(['restore', junk, '--data-dir', path.join(work, 'junk'), '--key', junk], {});
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/not a Redress backup/);
    const backup = await runCli(['backup', '--out', junk], env);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(/exists already/);
  });
});
