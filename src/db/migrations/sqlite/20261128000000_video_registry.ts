/**
 * Videos in the content registry (sqlite): the vPDQ frames of a registry video, one row per frame in
 * time order, keyed (item, position) so the copy sweep reads them item by item in one index
 * walk; and the share of the removed video's frames found in a copy, kept with a vPDQ finding.
 * Frozen once shipped, like every migration.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_item_frames')
    .addColumn('content_item_id', 'text', (c) => c.notNull().references('content_items.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('hex', 'text', (c) => c.notNull())
    .addColumn('quality', 'integer', (c) => c.notNull())
    .addColumn('seconds', sql`real`, (c) => c.notNull())
    .addPrimaryKeyConstraint('content_item_frames_pk', ['content_item_id', 'position'])
    .execute();
  await db.schema
    .alterTable('copy_findings')
    .addColumn('frame_share', sql`real`)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('copy_findings').dropColumn('frame_share').execute();
  await db.schema.dropTable('content_item_frames').execute();
}
