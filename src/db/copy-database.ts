/**
 * Copies every table of one Redress database into another, of either dialect: the rows as they
 * are, sealed columns still sealed, so the audit chain and its hashes carry over unchanged. The
 * target is migrated to the same schema first and written in one transaction; the source is
 * read in one snapshot. Tables are filled parents first (foreign keys), in keyset pages, and
 * PostgreSQL's serial counters are moved past the copied ids.
 */
import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from './database.ts';

interface TableInfo {
  name: string;
  keys: string[];
  parents: string[];
}

/** Tables of the open database, parents before children; the migrator's own tables excluded. */
export async function listTables(handle: DatabaseHandle): Promise<TableInfo[]> {
  const tables =
    handle.dialect === 'sqlite' ? await sqliteTables(handle.db) : await postgresTables(handle.db);
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !placed.has(t.name) && t.parents.every((p) => p === t.name || placed.has(p)),
    );
    if (ready.length === 0) throw new Error('the tables reference each other in a cycle');
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

async function sqliteTables(db: Executor): Promise<TableInfo[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master
    where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'
    order by name`.execute(db);
  return Promise.all(
    rows.map(async ({ name }) => {
      const columns = await sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${name})`.execute(db);
      const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(
        db,
      );
      const keys = columns.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      return { name, keys: keys.map((c) => c.name), parents: fks.rows.map((f) => f.table) };
    }),
  );
}

async function postgresTables(db: Executor): Promise<TableInfo[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  const keys = await sql<{ table: string; column: string }>`
    select k.table_name as table, k.column_name as column
    from information_schema.table_constraints c
    join information_schema.key_column_usage k on k.constraint_name = c.constraint_name and k.table_schema = c.table_schema
    where c.table_schema = current_schema() and c.constraint_type = 'PRIMARY KEY'
    order by k.ordinal_position`.execute(db);
  const parents = await sql<{ table: string; parent: string }>`
    select c.table_name as table, u.table_name as parent
    from information_schema.table_constraints c
    join information_schema.constraint_column_usage u on u.constraint_name = c.constraint_name and u.table_schema = c.table_schema
    where c.table_schema = current_schema() and c.constraint_type = 'FOREIGN KEY'`.execute(db);
  return rows.map(({ name }) => ({
    name,
    keys: keys.rows.filter((k) => k.table === name).map((k) => k.column),
    parents: parents.rows.filter((p) => p.table === name).map((p) => p.parent),
  }));
}

/** Rows per page read, and the most bound values one insert statement carries. */
const PAGE_ROWS = 2000;
const MAX_VALUES = 10_000;

/**
 * Copies every row of `source` into `target`, whose tables must hold only what migrations put
 * there (emptied first). Returns the rows copied per table.
 */
export async function copyDatabase(
  source: DatabaseHandle,
  target: DatabaseHandle,
): Promise<Record<string, number>> {
  const tables = await listTables(target);
  const sourceNames = new Set((await listTables(source)).map((t) => t.name));
  const missing = tables.filter((t) => !sourceNames.has(t.name)).map((t) => t.name);
  if (missing.length > 0 || sourceNames.size !== tables.length) {
    throw new Error(
      `the two databases' schemas differ (${missing.join(', ') || 'extra tables in the source'})`,
    );
  }
  const counts: Record<string, number> = {};
  await source.db.transaction().execute(async (from) =>
    target.transact(async (to) => {
      for (const table of [...tables].reverse()) await sql`delete from ${sql.table(table.name)}`.execute(to);
      for (const table of tables) counts[table.name] = await copyTable(from, to, table);
      if (target.dialect === 'postgres') await resetSerials(to, tables);
    }),
  );
  return counts;
}

async function copyTable(from: Executor, to: Executor, table: TableInfo): Promise<number> {
  const order = sql.join(table.keys.map((k) => sql.ref(k)));
  let after: unknown[] | undefined;
  let copied = 0;
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(table.name)}
      ${after ? sql`where (${order}) > (${sql.join(after)})` : sql``}
      order by ${order} limit ${PAGE_ROWS}`.execute(from);
    if (rows.length === 0) return copied;
    const perInsert = Math.max(1, Math.floor(MAX_VALUES / Object.keys(rows[0]).length));
    for (let i = 0; i < rows.length; i += perInsert) {
      await to
        .insertInto(table.name as never)
        .values(rows.slice(i, i + perInsert) as never)
        .execute();
    }
    copied += rows.length;
    const last = rows[rows.length - 1];
    after = table.keys.map((k) => last[k]);
    if (table.keys.length === 0) throw new Error(`table ${table.name} has no primary key to page by`);
  }
}

async function resetSerials(to: Executor, tables: TableInfo[]): Promise<void> {
  for (const table of tables) {
    for (const key of table.keys) {
      const { rows } = await sql<{ seq: string | null }>`
        select pg_get_serial_sequence(${table.name}, ${key}) as seq`.execute(to);
      const sequence = rows[0]?.seq;
      if (!sequence) continue;
      await sql`select setval(${sequence}, coalesce((select max(${sql.ref(key)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(
        to,
      );
    }
  }
}
