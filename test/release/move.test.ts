/**
 * `redress move` takes a whole instance from SQLite to PostgreSQL and back: every table's rows
 * arrive, the audit chain verifies on each target, sealed personal data opens there, and the
 * banks keep their hashes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { listTables } from '../../src/db/copy-database.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';
import { runCli } from '../helpers/cli.ts';
import { PG_URL, testEnv } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const BANKED = 'f'.repeat(32) + '0'.repeat(32);
let source: TestEnv;
let postgres: TestEnv;
let back: TestEnv;
const caseNumbers: string[] = [];

async function withRuntime<T>(env: Record<string, string>, work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(loadConfig(env), { log: createLogger('silent') });
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}

/** Rows of every table, and the audit log's events as stored. */
async function snapshot(env: Record<string, string>) {
  return withRuntime(env, async (rt) => {
    const counts: Record<string, number> = {};
    for (const table of await listTables(rt.database)) {
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.table(table.name)}`.execute(rt.database.db);
      counts[table.name] = Number(rows[0].n);
    }
    const events = await rt.repos.audit.list(rt.database.db);
    const audit = await rt.repos.audit.verify(rt.database.db);
    const statements = [];
    for (const caseNumber of caseNumbers) {
      const row = await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
      statements.push(JSON.parse(rt.cipher.open(row!.submission_enc)).goodFaithStatement);
    }
    return { counts, events: events.map((e) => ({ ...e, seq: Number(e.seq) })), audit, statements };
  });
}

beforeAll(async () => {
  source = testEnv('sqlite');
  postgres = testEnv('postgres');
  back = testEnv('sqlite');
  await withRuntime(source.env, async (rt) => {
    for (let i = 0; i < 3; i++) {
      const result = await rt.submit({
        submission: completeRequest({ goodFaithStatement: `statement ${i}` }),
      });
      caseNumbers.push(result.caseNumber);
    }
    await rt.sweep();
  });
  const user = await runCli(
    ['user', 'create', '--email', 'mod@platform.example', '--role', 'moderator'],
    source.env,
  );
  expect(user.code, user.stderr).toBe(0);
  const bank = await runCli(
    ['bank', 'import', 'partner', '-', '--source', 'p'],
    source.env,
    `pdq ${BANKED}\n`,
  );
  expect(bank.code, bank.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.all([source.cleanup(), postgres.cleanup(), back.cleanup()]);
});

describe('redress move', () => {
  it('moves an instance from SQLite to PostgreSQL and back with every row and the chain intact', async () => {
    const before = await snapshot(source.env);
    expect(before.audit.ok).toBe(true);
    for (const table of [
      'requests',
      'request_items',
      'audit_events',
      'jobs',
      'users',
      'bank_hashes',
      'banks',
    ]) {
      expect(before.counts[table], table).toBeGreaterThan(0);
    }

    const schema = postgres.env.REDRESS_DB_SCHEMA;
    const there = await runCli(['move', '--to', PG_URL, '--to-schema', schema], source.env);
    expect(there.code, there.stderr).toBe(0);
    expect(JSON.parse(there.stdout)).toMatchObject({ auditIntact: true, auditEvents: before.events.length });
    expect(there.stderr).toMatch(/REDRESS_SECRET_KEY/);
    const onPostgres = await snapshot(postgres.env);
    expect(onPostgres.counts).toEqual(before.counts);
    expect(onPostgres.events).toEqual(before.events);
    expect(onPostgres.audit.ok).toBe(true);
    expect(onPostgres.statements).toEqual(['statement 0', 'statement 1', 'statement 2']);
    const verify = await runCli(['audit', 'verify'], postgres.env);
    expect(verify.code, verify.stdout).toBe(0);

    const home = back.env.REDRESS_DATA_DIR;
    fs.rmSync(home, { recursive: true });
    const again = await runCli(['move', '--to', home], postgres.env);
    expect(again.code, again.stderr).toBe(0);
    const onSqlite = await snapshot(back.env);
    expect(onSqlite.counts).toEqual(before.counts);
    expect(onSqlite.events).toEqual(before.events);
    expect(onSqlite.statements).toEqual(['statement 0', 'statement 1', 'statement 2']);
    expect((await runCli(['audit', 'verify'], back.env)).code).toBe(0);

    // The bank came along with its hashes.
    const check = await runCli(['bank', 'export', 'partner'], back.env);
    expect(check.stdout).toContain(BANKED);
    expect(fs.existsSync(path.join(home, 'redress.sqlite'))).toBe(true);
  });

  it('refuses a target that holds an instance already', async () => {
    const refused = await runCli(
      ['move', '--to', PG_URL, '--to-schema', postgres.env.REDRESS_DB_SCHEMA],
      source.env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/holds an instance already/);
  });
});
