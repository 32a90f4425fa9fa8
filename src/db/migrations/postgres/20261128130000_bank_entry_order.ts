/**
 * The console lists a bank's entries newest first, a page at a time (postgres): an index in that
 * order keeps a page of a million-entry bank one index walk. Frozen once shipped, like every
 * migration.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('bank_entries_bank_newest')
    .on('bank_entries')
    .columns(['bank_id', 'created_at', 'id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bank_entries_bank_newest').execute();
}
