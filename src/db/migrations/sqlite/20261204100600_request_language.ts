/**
 * What the emails to a requester need later (sqlite): the language the request was made in
 * (`en`, `es`; earlier requests were all answered in English), and the status token sealed with
 * the service cipher, so a decision email sent days later can still link to the status page and
 * its appeal form. The token's hash remains what authenticates; a request recovered after a
 * crash has no token and keeps NULL. Frozen once shipped, like every migration.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('requests')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
  await db.schema.alterTable('requests').addColumn('status_token_enc', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').dropColumn('status_token_enc').execute();
  await db.schema.alterTable('requests').dropColumn('language').execute();
}
