/**
 * The audit chain becomes keyed (HMAC) from the next event on: `audit_head.keyed_from` records
 * where, so events before it keep verifying by their unkeyed SHA-256 and none after it may.
 * Signed checkpoints of the audit chain's head (postgres): the ones this instance made (a local
 * record; witnesses outside the database hold the copies that count) and the ones other
 * instances sent here to witness. Frozen once shipped, like every migration.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_head').addColumn('keyed_from', 'integer').execute();
  await sql`update audit_head set keyed_from = seq + 1`.execute(db);
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('seq', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('made_at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_witnessed')
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('made_at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_witnessed_pk', ['peer', 'seq'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_witnessed').execute();
  await db.schema.dropTable('audit_checkpoints').execute();
  await db.schema.alterTable('audit_head').dropColumn('keyed_from').execute();
}
