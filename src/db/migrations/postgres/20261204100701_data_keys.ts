/**
 * The data-encryption key ring (postgres): each rotated key, sealed with a key derived from the
 * instance secret, so every node reads the same ring and a backup of the database holds no usable
 * key. Version 1 is the instance secret itself and has no row. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_keys')
    .addColumn('version', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('key_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_keys').execute();
}
