/**
 * The SQLite and PostgreSQL migration chains must produce the same schema: same tables, same
 * columns, same types (after naming differences) and the same nullability, so repositories
 * behave alike on both.
 */
import { describe, expect, it } from 'vitest';
import { openTestRuntime } from '../helpers/databases.ts';

// The tables of the removal-request chain; other chains add theirs here as they land.
const TABLES = [
  'api_keys',
  'appeals',
  'audit_checkpoints',
  'audit_events',
  'audit_head',
  'audit_witnessed',
  'content_query_hashes',
  'data_keys',
  'escalations',
  'jobs',
  'login_failures',
  'request_items',
  'requests',
  'sessions',
  'users',
  'worker_heartbeats',
];

const normalise = (type: string) =>
  ({ int4: 'integer', int8: 'bigint' })[type.toLowerCase()] ?? type.toLowerCase();

async function shape(kind: 'sqlite' | 'postgres') {
  const { rt, env, close } = await openTestRuntime(kind);
  try {
    const tables = await rt.database.db.introspection.getTables();
    const schema = env.config.databaseSchema;
    return tables
      .filter((t) => TABLES.includes(t.name) && (kind === 'sqlite' || t.schema === schema))
      .map((t) => ({
        table: t.name,
        columns: t.columns
          .map((c) => ({ name: c.name, type: normalise(c.dataType), nullable: c.isNullable }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }))
      .sort((a, b) => a.table.localeCompare(b.table));
  } finally {
    await close();
  }
}

describe('migrations', () => {
  it('produce the same schema on SQLite and PostgreSQL', async () => {
    const [sqlite, postgres] = await Promise.all([shape('sqlite'), shape('postgres')]);
    expect(sqlite.map((t) => t.table)).toEqual(TABLES);
    expect(postgres).toEqual(sqlite);
  });
});
