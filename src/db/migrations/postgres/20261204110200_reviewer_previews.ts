/**
 * Safe previews: each reviewer's own blur and greyscale settings, and how many previews each
 * reviewer revealed (in colour or sharp) per UTC day, for the break suggestion and the admins'
 * aggregates. The count holds no item ids: which items someone looked at is in the audit log
 * only. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reviewer_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('blur_sigma', 'integer', (c) => c.notNull())
    .addColumn('greyscale', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('reveal_counts')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('reveals', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reveal_counts_pk', ['user_id', 'day'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reveal_counts').execute();
  await db.schema.dropTable('reviewer_settings').execute();
}
