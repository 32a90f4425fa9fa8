/**
 * Every committed bank change wakes the nodes following the change log (postgres only): a
 * statement-level trigger notifies channel `redress_bank_changes_<schema>`, delivered at commit,
 * so each node applies it at once instead of at its next poll. The schema is in the channel's
 * name because notifications are per database. Frozen once shipped.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function notify_bank_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('redress_bank_changes_' || current_schema(), '');
      return null;
    end $$`.execute(db);
  await sql`
    create trigger bank_changes_notify after insert on bank_changes
    for each statement execute function notify_bank_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists bank_changes_notify on bank_changes`.execute(db);
  await sql`drop function if exists notify_bank_change()`.execute(db);
}
