/**
 * The derived PDQ hashes of a requester's own copy (postgres), made in their browser and sent with the
 * request as JSON `{pipeline, hashes: [{variant, pdq, quality}]}`, so the copy sweep banks them
 * when the item is removed. NULL for items without them. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('request_items').addColumn('variants', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('request_items').dropColumn('variants').execute();
}
