/**
 * The SQLite and PostgreSQL migration chains must give the same tables with the same columns and
 * nullability (types differ by dialect: serial vs integer autoincrement). Checked on every table,
 * so a migration added to one chain only, or a column that drifted, fails here.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRuntime } from '../helpers/databases.ts';

type Columns = Record<string, string[]>;

describe('schema parity of the two migration chains', () => {
  const columns: Partial<Record<'sqlite' | 'postgres', Columns>> = {};
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const lite = await openTestRuntime('sqlite');
    closers.push(lite.close);
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      lite.rt.database.db,
    );
    const out: Columns = {};
    for (const { name } of tables.rows) {
      if (name.startsWith('sqlite_') || name.startsWith('kysely_')) continue;
      const info = await sql<{
        name: string;
        notnull: number;
        pk: number;
      }>`select * from pragma_table_info(${name})`.execute(lite.rt.database.db);
      out[name] = info.rows.map((c) => `${c.name}${c.notnull || c.pk ? ' not null' : ''}`).sort();
    }
    columns.sqlite = out;

    const pg = await openTestRuntime('postgres');
    closers.push(pg.close);
    const schema = pg.env.env.REDRESS_DB_SCHEMA;
    const rows = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      select table_name, column_name, is_nullable from information_schema.columns where table_schema = ${schema}`.execute(
      pg.rt.database.db,
    );
    const pgOut: Columns = {};
    for (const r of rows.rows) {
      if (r.table_name.startsWith('kysely_')) continue;
      (pgOut[r.table_name] ??= []).push(`${r.column_name}${r.is_nullable === 'NO' ? ' not null' : ''}`);
    }
    for (const t of Object.keys(pgOut)) pgOut[t].sort();
    columns.postgres = pgOut;
  });
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('has the same tables, columns and nullability on both', () => {
    expect(Object.keys(columns.sqlite!).sort()).toEqual(Object.keys(columns.postgres!).sort());
    for (const table of Object.keys(columns.sqlite!)) {
      expect(columns.postgres![table], table).toEqual(columns.sqlite![table]);
    }
    expect(Object.keys(columns.sqlite!)).toEqual(
      expect.arrayContaining(['bank_hashes', 'bank_changes', 'copy_findings']),
    );
  });
});
