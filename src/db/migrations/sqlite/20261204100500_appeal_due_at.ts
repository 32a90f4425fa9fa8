/**
 * When an open appeal is due (sqlite): an appeal is queue work with its own due time, fixed when it is
 * filed (the operator's appeal target then). Appeals filed before this column existed get the
 * default target of 7 days. Frozen once shipped, like every migration.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('appeals').addColumn('due_at', 'text').execute();
  const open = await sql<{ id: string; created_at: string }>`SELECT id, created_at FROM appeals`.execute(db);
  for (const a of open.rows) {
    const due = new Date(Date.parse(a.created_at) + 7 * 86_400_000).toISOString();
    await sql`UPDATE appeals SET due_at = ${due} WHERE id = ${a.id}`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('appeals').dropColumn('due_at').execute();
}
