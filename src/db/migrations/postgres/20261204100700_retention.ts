/**
 * Retention (postgres): requests remember when their requester's personal data was purged, and closed
 * cases are found by closing time. Frozen once shipped, like every migration.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').addColumn('personal_data_purged_at', 'text').execute();
  await db.schema.createIndex('requests_closed_at').on('requests').column('closed_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('requests_closed_at').execute();
  await db.schema.alterTable('requests').dropColumn('personal_data_purged_at').execute();
}
