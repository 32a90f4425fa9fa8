/**
 * The CyberTipline path of a minor's case (postgres): the report id NCMEC assigned, when the report was
 * finished (a submitted but unfinished report is finished on retry, never submitted twice), and
 * when the one-year preservation was released. Frozen once shipped, like every migration.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').addColumn('cybertipline_report_id', 'text').execute();
  await db.schema.alterTable('requests').addColumn('cybertipline_finished_at', 'text').execute();
  await db.schema.alterTable('requests').addColumn('preservation_released_at', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').dropColumn('preservation_released_at').execute();
  await db.schema.alterTable('requests').dropColumn('cybertipline_finished_at').execute();
  await db.schema.alterTable('requests').dropColumn('cybertipline_report_id').execute();
}
