/**
 * Opens the database the configuration names: embedded SQLite in the data folder by default,
 * PostgreSQL when DATABASE_URL is set. Also provides `transact`, the one way use cases write:
 * on SQLite it starts with BEGIN IMMEDIATE so two processes (serve and a separate worker) queue
 * on the write lock instead of failing with SQLITE_BUSY mid-transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './schema.ts';
import { migrations as postgresMigrations } from './migrations/postgres/index.ts';
import { migrations as sqliteMigrations } from './migrations/sqlite/index.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Executor = Kysely<Database> | Transaction<Database>;
export type Transact = <T>(work: (trx: Executor) => Promise<T>) => Promise<T>;

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly transact: Transact;
  /** Where the data lives, for logs (never includes a password). */
  readonly description: string;
  close(): Promise<void>;
}

export type DatabaseOptions = Pick<
  Config,
  'dataDir' | 'databaseUrl' | 'databaseSchema' | 'sqliteSynchronous'
>;

/** Told of each PostgreSQL connection that broke (a terminated backend, a restart). */
export type ConnectionLost = (error: Error) => void;

function openSqlite(options: DatabaseOptions): DatabaseHandle {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dataDir, 'redress.sqlite');
  const native = new SqliteDatabase(file);
  fs.chmodSync(file, 0o600); // personal data, even if sealed: owner only (-wal/-shm follow)
  native.pragma('journal_mode = WAL');
  // FULL: a 201 answer means the receipt is on disk (TIDA-C3), even after a power cut.
  native.pragma(`synchronous = ${options.sqliteSynchronous}`);
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 10000');
  // Kysely prepares every statement anew; caching them by SQL text halves the cost of a query.
  const statements = new Map<string, SqliteDatabase.Statement>();
  const database = {
    close: () => native.close(),
    prepare(text: string) {
      let stmt = statements.get(text);
      if (!stmt) {
        if (statements.size > 1000) statements.clear();
        stmt = native.prepare(text);
        statements.set(text, stmt);
      }
      return stmt;
    },
  };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  const transact: Transact = (work) =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  return { db, dialect: 'sqlite', transact, description: `sqlite ${file}`, close: () => db.destroy() };
}

function openPostgres(options: DatabaseOptions, onLost: ConnectionLost): DatabaseHandle {
  const schema = options.databaseSchema;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 10,
    // A connect that hangs (a host gone away) fails after this, and the request gets its 503.
    connectionTimeoutMillis: 5000,
    application_name: 'redress',
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A connection that breaks emits `error` on its client, idle or in use, and an unheard `error`
  // event ends the process. The query in flight fails by itself (and its request with a 503);
  // the pool drops the broken client and opens a new one on the next query.
  pool.on('connect', (client) => client.on('error', onLost));
  pool.on('error', () => {}); // the same error again, re-emitted by the pool for an idle client
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const transact: Transact = (work) => db.transaction().execute((trx) => work(trx));
  const url = new URL(options.databaseUrl ?? '');
  const where = `postgres ${url.hostname}:${url.port || 5432}${url.pathname}${schema ? ` schema ${schema}` : ''}`;
  return { db, dialect: 'postgres', transact, description: where, close: () => db.destroy() };
}

export function openDatabase(options: DatabaseOptions, onLost: ConnectionLost = () => {}): DatabaseHandle {
  return options.databaseUrl ? openPostgres(options, onLost) : openSqlite(options);
}

/** Brings the schema up to date; safe to call on every start. */
export async function migrateToLatest(handle: DatabaseHandle, schema?: string): Promise<void> {
  if (handle.dialect === 'postgres' && schema) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(handle.db);
  }
  const chain = handle.dialect === 'sqlite' ? sqliteMigrations : postgresMigrations;
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => chain },
    ...(handle.dialect === 'postgres' && schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
