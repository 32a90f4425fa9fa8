/**
 * The match-pipeline version of each derived PDQ hash in a bank (sqlite). Derived hashes (crops,
 * tilts, grid hashes of @redress/match) are only comparable with an upload's hashes made by the
 * same pipeline; plain PDQ, exact hashes and vPDQ frames never change and keep NULL. Every derived
 * hash banked before this column existed was made by version 1. Frozen once shipped, like every
 * migration.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bank_hashes').addColumn('pipeline', 'integer').execute();
  await sql`UPDATE bank_hashes SET pipeline = 1
    WHERE kind = 'pdq' AND variant <> 'original' AND variant NOT LIKE 'original/%'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bank_hashes').dropColumn('pipeline').execute();
}
