/**
 * The upload-time query hashes of registry images (sqlite): the derived variants @redress/match
 * makes of an upload (the grid hash of the whole picture and of the picture inside a border or
 * frame, inner crops), kept at registration so the copy sweep compares a registry image the way a
 * check compares an upload, and finds a bordered copy a check would block. Keyed (item, variant);
 * each hash keeps its pipeline version. Frozen once shipped, like every migration.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_query_hashes')
    .addColumn('content_item_id', 'text', (c) => c.notNull().references('content_items.id'))
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('hex', 'text', (c) => c.notNull())
    .addColumn('quality', 'integer', (c) => c.notNull())
    .addColumn('pipeline', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_query_hashes_pk', ['content_item_id', 'variant'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_query_hashes').execute();
}
