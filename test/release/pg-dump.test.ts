/**
 * The README's PostgreSQL backup: pg_dump of an instance's schema, pg_restore into another
 * database, and the restored instance's audit chain verifies and its sealed data opens there.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { openTestRuntime, PG_URL, TEST_KEY } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const run = promisify(execFile);
const restoredDb = `redress_restore_${Math.random().toString(36).slice(2, 10)}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-pgdump-'));

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await admin(`drop database if exists ${restoredDb} with (force)`);
  fs.rmSync(work, { recursive: true, force: true });
});

describe('pg_dump and pg_restore of a PostgreSQL instance', () => {
  it('restores into another database with the audit chain intact', async () => {
    const { rt, env, close } = await openTestRuntime('postgres');
    const schema = env.env.REDRESS_DB_SCHEMA;
    const dump = path.join(work, 'redress.dump');
    let caseNumber: string;
    try {
      caseNumber = (await rt.submit({ submission: completeRequest() })).caseNumber;
      await rt.submit({ submission: completeRequest() });
      await run('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, PG_URL]);
    } finally {
      await close();
    }
    await admin(`create database ${restoredDb}`);
    const restoredUrl = new URL(PG_URL);
    restoredUrl.pathname = `/${restoredDb}`;
    await run('pg_restore', ['--no-owner', `--dbname=${restoredUrl}`, dump]);

    const restored = {
      DATABASE_URL: String(restoredUrl),
      REDRESS_DB_SCHEMA: schema,
      REDRESS_SECRET_KEY: TEST_KEY,
    };
    const verify = await runCli(['audit', 'verify'], restored);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/audit log OK: \d+ events/);
    const exported = await runCli(['audit', 'export'], restored);
    expect(exported.stdout).toContain(caseNumber);
  });
});
